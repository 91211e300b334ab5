using System.ComponentModel.DataAnnotations;

namespace PlateWeb.Recognition;

/// <summary>Settings of the recognition engine, section "Recognition" of appsettings.json.</summary>
public sealed class RecognitionOptions
{
    public const string Section = "Recognition";

    /// <summary>Images with more pixels are refused before decoding (40 MP by default; at most OpenCV's own limit, 100 MP).</summary>
    [Range(1L, Interop.NativeLibraries.OpenCvMaxImagePixels, ErrorMessage = "Recognition:MaxImagePixels must be between 1 and 100000000 (OpenCV's own limit).")]
    public long MaxImagePixels { get; set; } = 40_000_000;

    /// <summary>Files larger than this are refused (bytes; 50 MB by default).</summary>
    [Range(1, long.MaxValue)]
    public long MaxImageBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Folder searched first for a plate-specific Tesseract model (relative paths are from the content root).</summary>
    [Required]
    public string TessdataPath { get; set; } = "tessdata";

    /// <summary>Name of the plate model in <see cref="TessdataPath"/> ("plate" = plate.traineddata); Debian's "eng" is the fallback.</summary>
    [Required]
    public string PlateModel { get; set; } = "plate";

    /// <summary>
    /// The plate reader trained by the project, the first reader of every region (ONNX, relative paths
    /// are from the content root); empty = Tesseract alone. A missing file is logged and reading goes on without it.
    /// </summary>
    public string? ReaderModel { get; set; } = "models/plate-reader-v1.onnx";

    /// <summary>
    /// Whether the plate reader reads a one-line row in three views (its window, 10 % taller, 8 % shorter)
    /// and combines them: +3 US plates on the benchmark, +1 on the validation pictures, about 2 ms more per
    /// row. Off only to measure the gain (`platectl eval --one-view`).
    /// </summary>
    public bool ReaderViews { get; set; } = true;

    /// <summary>
    /// Whether reads' confidences go through the calibration file beside the plate reader
    /// (<c>plate-reader-v1.calibration.json</c>), so that 90 % means right 9 times in 10. Off only to
    /// fit a new calibration (`platectl eval --raw-confidence`).
    /// </summary>
    public bool CalibrateConfidence { get; set; } = true;

    /// <summary>
    /// Reads less confident than this (after calibration) are not kept: on photos, what falls below is
    /// mostly lettering, stickers and texture read as plates (the threshold table of `platectl eval`).
    /// 0.4 from the validation photos (docs/ACCURACY.md): every setting from 0.3 to 0.5 kept the same reads
    /// there with lettering at most 0.05 per photo and none on the plate-free scenes; 0.4 is the middle.
    /// </summary>
    [Range(0.0, 1.0)]
    public float MinConfidence { get; set; } = 0.4f;

    /// <summary>
    /// Whether Tesseract reads what the plate reader is not sure of (and two-line plates). Off only to
    /// measure the plate reader alone (`platectl eval --no-tesseract`).
    /// </summary>
    public bool TesseractSecondOpinion { get; set; } = true;

    /// <summary>
    /// Whether the country code in a European plate's blue band ("F", "I", "SK"…) decides the plate's country
    /// where the plate reader takes the region for a European plate (<c>EuBand</c>). Off only to measure what it
    /// changes (`platectl eval --no-band`).
    /// </summary>
    public bool ReadEuBand { get; set; } = true;

    /// <summary>At most this many detected regions are read per image.</summary>
    [Range(1, 64)]
    public int MaxCandidates { get; set; } = 8;

    /// <summary>Longest image side used for detection; larger images are reduced first.</summary>
    [Range(320, 8192)]
    public int MaxWorkingSide { get; set; } = 1280;

    /// <summary>Tesseract engines kept (one per thread); 0 = one per processor.</summary>
    [Range(0, 256)]
    public int OcrEngines { get; set; }

    /// <summary>Country preferred by the grammar when a text fits several formats ("FR", "US", "BR"…); empty = none.</summary>
    public string? CountryHint { get; set; }
}
