using RobustGrid.Data.Preprocessing;
using RobustGrid.Data.Readers;

namespace RobustGrid.Data.Folders;

/// <summary>Decodes a folder dataset's split into memory at its evaluation view (<see cref="ImagePreprocessing"/>),
/// in parallel.</summary>
public static class FolderSplitDecoder
{
    /// <summary>Most classes an in-memory set holds (its labels are bytes).</summary>
    public const int MaxClasses = 256;

    public static ImageSet Decode(IReadOnlyList<LabelledFile> files, IReadOnlyList<string> classNames,
        ImagePreprocessing preprocessing)
    {
        if (classNames.Count > MaxClasses)
            throw new DataFormatException(files.Count > 0 ? Path.GetDirectoryName(files[0].Path)! : "",
                $"{classNames.Count} classes; at most {MaxClasses} are supported");
        var imageBytes = preprocessing.ImageBytes;
        var pixels = new byte[(long)imageBytes * files.Count];
        var labels = new byte[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            labels[i] = (byte)files[i].Label;
            using var bitmap = ImageDecoder.DecodeBitmap(File.ReadAllBytes(files[i].Path), files[i].Path);
            preprocessing.Evaluate(bitmap, pixels.AsSpan(i * imageBytes, imageBytes));
        });
        return new ImageSet(pixels, labels, preprocessing.ImageSize, preprocessing.ImageSize, 3, classNames);
    }

    /// <summary>The image size a folder gets when none is registered: its first training image's
    /// (<see cref="ImagePreprocessing.DefaultSize"/>).</summary>
    public static int DefaultImageSize(ImageFolderIndex index)
    {
        var first = index.Train[0].Path;
        var (height, width) = ImageDecoder.ReadSize(File.ReadAllBytes(first), first);
        return ImagePreprocessing.DefaultSize(height, width);
    }
}
