using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models;

/// <summary>
/// How the models' convolutions and linear layers compute on the current thread: TorchSharp 0.107 has neither
/// autocast nor a channels-last memory format argument, so the models route those layers through
/// <see cref="Conv"/> and <see cref="Linear"/>, which consult this thread-local policy. Thread-local because a
/// training is synchronous on one OS thread (as libtorch's grad mode); the default policy calls the layers
/// unchanged, so fp32 results stay bit-identical to a model that never heard of it.
/// </summary>
public sealed record ComputePolicy(ScalarType? LowPrecision, bool ChannelsLast)
{
    public static readonly ComputePolicy Default = new(null, false);

    [ThreadStatic] private static ComputePolicy? _current;

    public static ComputePolicy Current => _current ?? Default;

    public bool IsDefault => LowPrecision is null && !ChannelsLast;

    /// <summary>Makes <paramref name="policy"/> current on this thread until the returned scope is disposed.</summary>
    public static IDisposable Use(ComputePolicy policy)
    {
        var previous = _current;
        _current = policy;
        return new Restore(previous);
    }

    /// <summary>
    /// The convolution under the current policy. In low precision the input and weight are cast inside the
    /// forward (the casts are differentiable, so the fp32 master weight receives an fp32 gradient) and the result
    /// stays low precision: batch norm takes it with fp32 parameters and fp32 running statistics (libtorch's
    /// mixed-type batch norm), as under PyTorch's autocast. Channels-last lays input and weight out NHWC, so the
    /// output (and every activation after it) is NHWC too.
    /// </summary>
    public static Tensor Conv(Conv2d conv, Tensor input)
    {
        var policy = Current;
        if (policy.IsDefault) return conv.call(input);
        if (conv.padding is null || conv.padding_mode != PaddingModes.Zeros)
            throw new NotSupportedException("the compute policy supports convolutions with explicit zero padding only");
        using var scope = NewDisposeScope();
        var x = policy.LowPrecision is { } low ? input.to(low) : input;
        if (policy.ChannelsLast) x = ToChannelsLast(x);
        var bias = policy.LowPrecision is { } lowBias ? conv.bias?.to(lowBias) : conv.bias;
        return nn.functional.conv2d(x, ComputeWeight(conv), bias, conv.stride, conv.padding, conv.dilation, conv.groups)
            .MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The weight as the convolution computes with it under the current policy: cast and re-laid out per forward
    /// from the fp32 NCHW master weight, which stays contiguous so checkpoints and optimizer state keep their
    /// format. The copy is small beside the activations (ResNet-18: 11M weights against about 0.6M convolution
    /// outputs an image, 300M at batch 512).
    /// </summary>
    public static Tensor ComputeWeight(Conv2d conv)
    {
        var policy = Current;
        var weight = policy.LowPrecision is { } low ? conv.weight!.to(low) : conv.weight!.alias();
        return policy.ChannelsLast ? ToChannelsLast(weight) : weight;
    }

    /// <summary>The linear layer under the current policy; its result is always fp32 (logits feed softmax and
    /// losses).</summary>
    public static Tensor Linear(TorchSharp.Modules.Linear layer, Tensor input)
    {
        if (Current.LowPrecision is not { } low) return layer.call(input);
        using var scope = NewDisposeScope();
        var output = nn.functional.linear(input.to(low), layer.weight!.to(low), layer.bias?.to(low));
        return output.to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>True when a 4-d tensor is laid out NHWC in memory (channel stride 1).</summary>
    public static bool IsChannelsLast(Tensor tensor)
    {
        if (tensor.dim() != 4) return false;
        var strides = tensor.stride();
        var shape = tensor.shape;
        return strides[1] == 1 && strides[3] == shape[1] && strides[2] == shape[1] * shape[3];
    }

    /// <summary>The same NCHW-shaped tensor laid out NHWC (a copy unless it already is).</summary>
    public static Tensor ToChannelsLast(Tensor tensor) =>
        tensor.dim() != 4 || IsChannelsLast(tensor)
            ? tensor.alias()
            : tensor.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    private sealed class Restore(ComputePolicy? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }
}
