using System.Text;
using RobustGrid.Data.Formats;

namespace RobustGrid.Data.Tests.Formats;

public sealed class NpyFileTests
{
    private static string TempFile(string name) =>
        Path.Combine(Directory.CreateTempSubdirectory("npy-").FullName, name);

    [Theory]
    [InlineData("images.npy")]
    [InlineData("images.npy.gz")]
    public void Uint8ImagesRoundTripWithShape(string name)
    {
        var path = TempFile(name);
        var pixels = Enumerable.Range(0, 2 * 4 * 4 * 3).Select(i => (byte)(i * 7)).ToArray();
        NpyFile.Write(path, NpyArray.FromBytes(pixels, 2, 4, 4, 3));
        var back = NpyFile.ReadUInt8(path, -1, 4, 4, 3);
        Assert.Equal(new long[] { 2, 4, 4, 3 }, back.Shape);
        Assert.Equal(pixels, back.Data);
    }

    [Fact]
    public void HeaderIsWhatNumpyWritesPaddedTo64Bytes()
    {
        var path = TempFile("labels.npy");
        NpyFile.Write(path, NpyArray.FromInt64([3, -1, 9], 3));
        var bytes = File.ReadAllBytes(path);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = Encoding.Latin1.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(new long[] { 3, -1, 9 }, NpyFile.Read(path).ToInt64());
    }

    [Fact]
    public void Version2HeadersAndInt32LabelsAreRead()
    {
        var path = TempFile("v2.npy");
        var dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }";
        var header = dict.PadRight(64 - 12 - 1) + "\n";
        using (var file = File.Create(path))
        {
            file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0]);
            file.Write(BitConverter.GetBytes((uint)header.Length));
            file.Write(Encoding.Latin1.GetBytes(header));
            file.Write(BitConverter.GetBytes(7));
            file.Write(BitConverter.GetBytes(-3));
        }
        var array = NpyFile.Read(path);
        Assert.Equal(NpyDType.Int32, array.Type);
        Assert.Equal(new long[] { 7, -3 }, array.ToInt64());
    }

    [Fact]
    public void TruncatedFilesSayWhatWasMissing()
    {
        var path = TempFile("short.npy");
        NpyFile.Write(path, NpyArray.FromBytes(new byte[100], 100));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        var error = Assert.Throws<DataFormatException>(() => NpyFile.Read(path));
        Assert.Contains("file ends early while reading the data of shape (100,)", error.Message);
    }

    [Fact]
    public void UnsupportedDtypeAndFortranOrderAreRefusedByName()
    {
        var path = TempFile("f.npy");
        WriteRaw(path, "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
        Assert.Contains("dtype '>f8' is not supported",
            Assert.Throws<DataFormatException>(() => NpyFile.Read(path)).Message);
        WriteRaw(path, "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2), }", new byte[4]);
        Assert.Contains("Fortran-ordered", Assert.Throws<DataFormatException>(() => NpyFile.Read(path)).Message);
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("PK not numpy at all"));
        Assert.Contains("not a NumPy .npy file", Assert.Throws<DataFormatException>(() => NpyFile.Read(path)).Message);
    }

    private static void WriteRaw(string path, string dict, byte[] data)
    {
        var header = dict.PadRight(64 - 10 - 1) + "\n";
        using var file = File.Create(path);
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        file.Write(BitConverter.GetBytes((ushort)header.Length));
        file.Write(Encoding.Latin1.GetBytes(header));
        file.Write(data);
    }
}
