using RobustGrid.Data.Preprocessing;
using RobustGrid.Data.Readers;

namespace RobustGrid.Data.Folders;

/// <summary>Decodes a folder dataset's split into memory at its evaluation view (<see cref="ImagePreprocessing"/>),
/// in parallel.</summary>
public static class FolderSplitDecoder
{
    public static ImageSet Decode(IReadOnlyList<LabelledFile> files, IReadOnlyList<string> classNames,
        ImagePreprocessing preprocessing)
    {
        var imageBytes = preprocessing.ImageBytes;
        var pixels = new byte[(long)imageBytes * files.Count];
        var labels = new int[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            labels[i] = files[i].Label;
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
