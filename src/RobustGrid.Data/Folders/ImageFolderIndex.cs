using RobustGrid.Data.Readers;

namespace RobustGrid.Data.Folders;

/// <summary>
/// The files and classes of an image-folder dataset, found without decoding an image. Three layouts are recognised:
/// <list type="bullet">
/// <item><c>image-folder</c>: <c>train/&lt;class&gt;/*</c> and <c>test/&lt;class&gt;/*</c>;</item>
/// <item><c>imagenet</c>: <c>train/&lt;wnid&gt;/*</c> and <c>val/&lt;wnid&gt;/*</c>;</item>
/// <item><c>tiny-imagenet</c>: <c>train/&lt;wnid&gt;/images/*</c>, and <c>val/images/*</c> labelled by
/// <c>val/val_annotations.txt</c> (file name, tab, wnid).</item>
/// </list>
/// Classes are the sorted training folder names; images are .jpg, .jpeg or .png in any case, in
/// <see cref="ClassInterleaving"/> order.
/// </summary>
public sealed record ImageFolderIndex(string Root, string Layout, IReadOnlyList<string> ClassNames,
    IReadOnlyList<LabelledFile> Train, IReadOnlyList<LabelledFile> Test)
{
    public const string ImageFolderLayout = "image-folder";
    public const string ImageNetLayout = "imagenet";
    public const string TinyImageNetLayout = "tiny-imagenet";
    private const string TinyAnnotations = "val_annotations.txt";

    public static ImageFolderIndex Read(string root)
    {
        root = System.IO.Path.GetFullPath(root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"image folder not found: {root}");
        var trainDir = System.IO.Path.Combine(root, "train");
        if (!Directory.Exists(trainDir))
            throw new DataFormatException(root, "no 'train' folder; expected train/<class>/ with test/<class>/ or " +
                "val/<class>/ (ImageNet), or Tiny-ImageNet's train/<wnid>/images/ with val/val_annotations.txt");
        var classes = Directory.GetDirectories(trainDir).Select(d => System.IO.Path.GetFileName(d)!)
            .Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0) throw new DataFormatException(trainDir, "no class folders");
        var annotations = System.IO.Path.Combine(root, "val", TinyAnnotations);
        if (File.Exists(annotations))
            return Build(root, TinyImageNetLayout, classes,
                ClassFiles(trainDir, classes, "images"), TinyValidation(root, annotations, classes));
        var testName = Directory.Exists(System.IO.Path.Combine(root, "test")) ? "test" : "val";
        var testDir = System.IO.Path.Combine(root, testName);
        if (!Directory.Exists(testDir))
            throw new DataFormatException(root, "no 'test' or 'val' folder beside 'train'");
        var testClasses = Directory.GetDirectories(testDir).Select(d => System.IO.Path.GetFileName(d)!)
            .Order(StringComparer.Ordinal).ToArray();
        if (testClasses.Except(classes).FirstOrDefault() is { } stray)
            throw new DataFormatException(testDir, $"class '{stray}' has no folder under train/");
        return Build(root, testName == "test" ? ImageFolderLayout : ImageNetLayout, classes,
            ClassFiles(trainDir, classes, null), ClassFiles(testDir, classes, null));
    }

    private static ImageFolderIndex Build(string root, string layout, string[] classes, List<LabelledFile> train,
        List<LabelledFile> test)
    {
        if (train.Count == 0) throw new DataFormatException(root, "no images in the training split");
        if (test.Count == 0) throw new DataFormatException(root, "no images in the test split");
        return new ImageFolderIndex(root, layout, classes, Interleave(train), Interleave(test));
    }

    private static List<LabelledFile> Interleave(List<LabelledFile> files) =>
        ClassInterleaving.Order(files, f => f.Label, f => System.IO.Path.GetFileName(f.Path));

    private static List<LabelledFile> ClassFiles(string splitDir, string[] classes, string? inner)
    {
        var files = new List<LabelledFile>();
        for (var label = 0; label < classes.Length; label++)
        {
            var dir = System.IO.Path.Combine(splitDir, classes[label]);
            if (inner is not null) dir = System.IO.Path.Combine(dir, inner);
            if (!Directory.Exists(dir)) continue;
            files.AddRange(Directory.EnumerateFiles(dir).Where(ImageDecoder.IsImageFile)
                .Select(f => new LabelledFile(f, label)));
        }
        return files;
    }

    private static List<LabelledFile> TinyValidation(string root, string annotations, string[] classes)
    {
        var labels = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var images = System.IO.Path.Combine(root, "val", "images");
        var files = new List<LabelledFile>();
        var line = 0;
        foreach (var text in File.ReadLines(annotations))
        {
            line++;
            if (text.Length == 0) continue;
            var fields = text.Split('\t');
            if (fields.Length < 2 || fields[0].Contains('/') || fields[0] is "." or "..")
                throw new DataFormatException(annotations, $"line {line}: expected 'file<TAB>wnid'");
            if (!labels.TryGetValue(fields[1], out var label))
                throw new DataFormatException(annotations, $"line {line}: class '{fields[1]}' has no train folder");
            files.Add(new LabelledFile(System.IO.Path.Combine(images, fields[0]), label));
        }
        return files;
    }
}
