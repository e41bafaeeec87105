using RobustGrid.Data.Files;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Data.Tests.Files;

public sealed class AtomicFileTests
{
    private const int Writers = 8;
    private const int ChunkBytes = 64 * 1024;
    private const int Chunks = 32;

    [Fact]
    public async Task WritersOfOneTargetInOneProcessAllSucceedAndOneWholeContentWins()
    {
        var folder = TestData.NewScratchFolder("atomic-");
        var target = Path.Combine(folder, "shared.bin");
        File.WriteAllBytes(target, [1, 2, 3]);
        using var start = new Barrier(Writers);
        var writes = Enumerable.Range(0, Writers).Select(writer => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            // Chunk after chunk, yielding between them, so the writers' files are open at the same time.
            AtomicFile.Write(target, stream =>
            {
                for (var c = 0; c < Chunks; c++)
                {
                    stream.Write(Chunk(writer, c));
                    Thread.Yield();
                }
            });
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(writes);

        var written = File.ReadAllBytes(target);
        Assert.Equal(ChunkBytes * Chunks, written.Length);
        var winner = written[0];
        Assert.InRange(winner, 0, Writers - 1);
        Assert.Equal(Enumerable.Range(0, Chunks).SelectMany(c => Chunk(winner, c)).ToArray(), written);
        Assert.Equal([target], Directory.GetFiles(folder));
    }

    [Fact]
    public void AWriteThatThrowsLeavesTheOldFileAndNoTemporaryFile()
    {
        var folder = TestData.NewScratchFolder("atomic-");
        var target = Path.Combine(folder, "kept.txt");
        File.WriteAllText(target, "old content");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, stream =>
        {
            stream.Write("new content, half"u8);
            throw new InvalidOperationException("the writer fails");
        }));
        Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteTo(target, temporary =>
        {
            File.WriteAllText(temporary, "new content, half");
            throw new InvalidOperationException("the writer fails");
        }));

        Assert.Equal("old content", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(folder));
    }

    [Fact]
    public void WithoutOverwriteTheFirstFileStays()
    {
        var folder = TestData.NewScratchFolder("atomic-");
        var target = Path.Combine(folder, "sub", "first.txt");

        Assert.True(AtomicFile.WriteTo(target, t => File.WriteAllText(t, "first"), overwrite: false));
        Assert.False(AtomicFile.Write(target, stream => stream.Write("second"u8), overwrite: false));

        Assert.Equal("first", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public void TheWrittenBytesReplaceTheTarget()
    {
        var target = Path.Combine(TestData.NewScratchFolder("atomic-"), "replaced.bin");
        File.WriteAllBytes(target, new byte[1000]);

        Assert.True(AtomicFile.Write(target, stream => stream.Write([7, 8, 9]), flushToDisk: true));

        Assert.Equal(new byte[] { 7, 8, 9 }, File.ReadAllBytes(target));
    }

    /// <summary>Writer <paramref name="writer"/>'s chunk <paramref name="c"/>: starts with the writer's number, the
    /// rest differs per writer and chunk, so a file mixing two writers or two chunks is told apart.</summary>
    private static byte[] Chunk(int writer, int c)
    {
        var bytes = new byte[ChunkBytes];
        new Random(writer * 1000 + c).NextBytes(bytes);
        bytes[0] = (byte)writer;
        return bytes;
    }
}
