namespace Cappy.Proxy.Training;

/// <summary>What the <c>train</c> command updates.</summary>
internal enum TrainingMode
{
    /// <summary>Every weight of the cross-encoder, with TorchSharp (LibTorch).</summary>
    Full,

    /// <summary>Only the classification head, on first-token features of the frozen encoder computed with ONNX Runtime; needs no LibTorch.</summary>
    Head,
}
