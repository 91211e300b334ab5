namespace PlateWeb.Recognition.Imaging;

/// <summary>Why an input could not be turned into an image.</summary>
public enum ImageErrorKind
{
    /// <summary>Zero bytes.</summary>
    Empty,
    /// <summary>Bytes that no supported decoder understands (wrong file type, random data).</summary>
    Undecodable,
    /// <summary>A known format whose data ends early.</summary>
    Truncated,
    /// <summary>More pixels or bytes than the configured limit.</summary>
    TooLarge,
}

/// <summary>Thrown for input that is not a usable image; <see cref="Exception.Message"/> is written for the user.</summary>
public sealed class ImageInputException(ImageErrorKind kind, string message) : Exception(message)
{
    public ImageErrorKind Kind { get; } = kind;
}
