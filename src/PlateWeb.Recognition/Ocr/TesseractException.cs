namespace PlateWeb.Recognition.Ocr;

/// <summary>A Tesseract native call failed, or the engine was used incorrectly.</summary>
public sealed class TesseractException : Exception
{
    public TesseractException(string message)
        : base(message)
    {
    }

    public TesseractException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal TesseractException(string nativeCall, int status, string message)
        : base(message)
    {
        NativeCall = nativeCall;
        Status = status;
    }

    /// <summary>The native function that failed, when the error came from one.</summary>
    public string? NativeCall { get; }

    /// <summary>The raw value the native function returned, when the error came from one.</summary>
    public int? Status { get; }
}
