namespace RobustGrid.Training.Runtime;

/// <summary>The torch runtime could not be set up as asked; the message says what to set.</summary>
public sealed class TorchRuntimeException(string message, Exception? inner = null) : Exception(message, inner);
