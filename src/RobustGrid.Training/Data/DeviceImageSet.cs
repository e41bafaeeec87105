using RobustGrid.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Data;

/// <summary>
/// A dataset resident on the training device as uint8 N×C×H×W plus int64 labels. Keeping uint8 costs a quarter
/// of float32 memory; batches are gathered by index and converted to float only when they are used.
/// </summary>
public sealed class DeviceImageSet : IDisposable
{
    private DeviceImageSet(Tensor images, Tensor labels, int classes)
    {
        Images = images;
        Labels = labels;
        Classes = classes;
    }

    public Tensor Images { get; }
    public Tensor Labels { get; }
    public int Classes { get; }
    public int Count => (int)Images.shape[0];
    public int Channels => (int)Images.shape[1];
    public int Height => (int)Images.shape[2];
    public int Width => (int)Images.shape[3];

    public static DeviceImageSet Upload(ImageSet set, Device device)
    {
        using var scope = NewDisposeScope();
        var hwc = tensor(set.Pixels, ScalarType.Byte).reshape(set.Count, set.Height, set.Width, set.Channels);
        var images = hwc.permute(0, 3, 1, 2).contiguous().to(device);
        var labels = tensor(set.Labels, ScalarType.Int32).to(ScalarType.Int64).to(device);
        return new DeviceImageSet(images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope(),
            set.ClassNames.Count);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
