namespace RobustGrid.Corruptions.Primitives;

/// <summary>How a filter or sampler reads outside the image. The names say which library spells it how.</summary>
internal enum Border
{
    /// <summary>aaa|abcd|ddd: scipy/skimage 'nearest', OpenCV BORDER_REPLICATE, ImageMagick's edge virtual
    /// pixels.</summary>
    Replicate,

    /// <summary>ba|abcd|dc: scipy and skimage 'reflect' (the edge pixel repeats), numpy 'symmetric'.</summary>
    Symmetric,

    /// <summary>cb|abcd|cb: OpenCV's default BORDER_REFLECT_101, scipy 'mirror', torch 'reflect'.</summary>
    Reflect101,
}
