using System.Globalization;
using RobustGrid.Data;
using RobustGrid.Data.Catalog;
using RobustGrid.Evaluation.Scoring;
using RobustGrid.Methods;
using RobustGrid.Training.Augmentations;
using RobustGrid.Training.Augmentations.Pil;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

// Usage: RobustGrid.Bench.Probes [--test-limit 1000] CHECKPOINT...
// Scores each checkpoint on its test set under controlled shifts that separate what the Fashion-MNIST-C weather
// corruptions do: a uniform lift of every pixel (brightness-like), a lift of the black background only, the
// garment's silhouette (every non-black pixel set to one grey level) and AugMix's own equalize. It prints the
// error per shift and, for the strongest lift, the share of the most predicted class (a collapse shows there).
var limit = 1000;
var checkpoints = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--test-limit") limit = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else checkpoints.Add(args[i]);
}
if (checkpoints.Count == 0)
{
    Console.Error.WriteLine("usage: RobustGrid.Bench.Probes [--test-limit N] CHECKPOINT...");
    return 2;
}
torch.set_num_threads(1);

var shifts = new (string Name, Func<Tensor, Tensor> Apply)[]
{
    ("clean", x => x),
    ("lift+32", x => x.add(32).clamp_(0, 255)),
    ("lift+64", x => x.add(64).clamp_(0, 255)),
    ("lift+128", x => x.add(128).clamp_(0, 255)),
    ("background=64", x => where(x.eq(0), full_like(x, 64), x)),
    ("background=128", x => where(x.eq(0), full_like(x, 128), x)),
    ("silhouette@255", x => where(x.gt(0), full_like(x, 255), x)),
    ("silhouette@128", x => where(x.gt(0), full_like(x, 128), x)),
    ("equalize", x => new Equalize().Apply(x, new OpDraw(new Generator(0, CPU), 3))),
};
Console.WriteLine($"checkpoint | {string.Join(" | ", shifts.Select(s => s.Name))} | lift+128: top class share");
foreach (var path in checkpoints)
{
    var file = Directory.Exists(path) ? Path.Combine(path, CheckpointFile.FileName) : path;
    using var model = TrainedModel.Load(file, MethodRegistry.Create, CPU);
    var test = DatasetCatalog.Default().Load(model.Metadata.Config.Dataset).TestImages.Take(limit).Load();
    using var set = DeviceImageSet.Upload(test, CPU);
    var errors = new List<string>();
    var topShare = "";
    foreach (var (name, apply) in shifts)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var shifted = apply(set.Images.to(ScalarType.Float32)).to(ScalarType.Byte);
        errors.Add((100 * ImageScoring.Score(model.Logits, shifted, set.Labels).Error)
            .ToString("F1", CultureInfo.InvariantCulture));
        if (name != "lift+128") continue;
        var predicted = model.Logits(shifted).argmax(1);
        var counts = bincount(predicted, minlength: set.Classes);
        var top = counts.argmax().item<long>();
        topShare = string.Create(CultureInfo.InvariantCulture,
            $"{100.0 * counts[top].item<long>() / set.Count:F0}% {test.ClassNames[(int)top]}");
    }
    Console.WriteLine($"{path} | {string.Join(" | ", errors)} | {topShare}");
}
return 0;
