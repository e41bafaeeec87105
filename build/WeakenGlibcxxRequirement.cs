// MSBuild task: marks the GLIBCXX_3.4.32 version requirement of libLibTorchSharp.so as weak.
//
// Why: TorchSharp 0.107 was linked with GCC 13, which records a GLIBCXX_3.4.32 requirement for one symbol,
// std::ios_base_library_init(). The library never calls it (no relocation refers to it), but the dynamic
// loader refuses the whole file on systems whose libstdc++ stops at 3.4.30 (Debian 12). Setting
// VER_FLG_WEAK (0x2) on that one vernaux entry turns the hard failure into a note; where libstdc++ is newer
// nothing changes. The edit is one 16-bit field, idempotent, and touches only the copy in the output folder.
using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenGlibcxxRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    public string VersionName { get; set; } = "GLIBCXX_3.4.32";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                var bytes = File.ReadAllBytes(path);
                var changed = Weaken(bytes, VersionName);
                if (changed)
                {
                    File.WriteAllBytes(path, bytes);
                    Log.LogMessage(MessageImportance.Normal, $"Marked {VersionName} weak in {path}");
                }
            }
            catch (InvalidDataException ex)
            {
                Log.LogError($"{path}: {ex.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>Returns true when the file was modified.</summary>
    public static bool Weaken(byte[] elf, string versionName)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF is supported");

        var sectionTable = (long)BitConverter.ToUInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        var changed = false;
        for (var i = 0; i < sectionCount; i++)
        {
            var header = (int)(sectionTable + (long)i * entrySize);
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed) continue;

            var verneed = (int)BitConverter.ToUInt64(elf, header + 0x18);
            var stringSectionIndex = (int)BitConverter.ToUInt32(elf, header + 0x28);
            var needCount = (int)BitConverter.ToUInt32(elf, header + 0x2C);
            var stringHeader = (int)(sectionTable + (long)stringSectionIndex * entrySize);
            var strings = (int)BitConverter.ToUInt64(elf, stringHeader + 0x18);

            for (var n = 0; n < needCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, verneed + 2);
                var aux = verneed + (int)BitConverter.ToUInt32(elf, verneed + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = ReadString(elf, strings + (int)BitConverter.ToUInt32(elf, aux + 8));
                    var flags = BitConverter.ToUInt16(elf, aux + 4);
                    if (name == versionName && (flags & VerFlagWeak) == 0)
                    {
                        BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(elf, aux + 4);
                        changed = true;
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                verneed += (int)BitConverter.ToUInt32(elf, verneed + 12);
            }
        }
        return changed;
    }

    private static string ReadString(byte[] bytes, int offset)
    {
        var end = offset;
        while (end < bytes.Length && bytes[end] != 0) end++;
        return System.Text.Encoding.ASCII.GetString(bytes, offset, end - offset);
    }
}
