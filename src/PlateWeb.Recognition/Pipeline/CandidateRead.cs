using OpenCvSharp;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Recognition.Pipeline;

/// <summary>
/// One detected region on its way through the reading passes (<see cref="IReadingPass"/>): the strip
/// pictures, what each reader made of it and the best read so far. Owns its pictures.
/// </summary>
internal sealed class CandidateRead(DetectedPlate region, string? hint) : IDisposable
{
    private static readonly GrammarResult NothingRead = new(false, "", 0f, [], [], null, null, 0f, null, null, [], "nothing read");

    private Mat? _rectified;
    private Mat? _prepared;

    /// <summary>The region; a pass may lengthen its text quad (a glyph cut by an end).</summary>
    public DetectedPlate Region { get; set; } = region;

    /// <summary>The country hint the grammar reads with: the user's, else the plate reader's kind of plate.</summary>
    public string? Hint { get; set; } = hint;

    /// <summary>The country code read in the plate's EU band ("F", "SK"…), or null.</summary>
    public BandCode? Band { get; set; }

    /// <summary>The plate reader takes the region for no plate at all.</summary>
    public bool NotPlate { get; set; }

    /// <summary>A pass is sure enough of its read that Tesseract is not asked.</summary>
    public bool Settled { get; set; }

    /// <summary>The upright strip (two lines side by side for a two-line plate), for the trace.</summary>
    public Mat? Rectified { get => _rectified; set => Replace(ref _rectified, value); }

    /// <summary>The cleaned strip Tesseract reads (dark ink on white).</summary>
    public Mat? Prepared { get => _prepared; set => Replace(ref _prepared, value); }

    /// <summary>Where the characters lie in <see cref="Rectified"/> (one-line regions).</summary>
    public PlateStrip.CharLayout? Layout { get; set; }

    /// <summary>Whether <see cref="Prepared"/> was drawn taking the ink for light on dark.</summary>
    public bool LightText { get; set; }

    /// <summary>What the plate reader made of the region, and its read decoded under the formats (null when it did not look).</summary>
    public (PlateReading Reading, OcrLine Line, GrammarResult Verdict)? Reader { get; set; }

    /// <summary>Tesseract's own latest read of the strip, whatever the best read is.</summary>
    public (OcrLine Line, GrammarResult Verdict)? Tesseract { get; set; }

    /// <summary>The best read so far (or, while none is accepted, the most informative rejected one).</summary>
    public OcrLine Line { get; private set; } = OcrLine.Empty;

    public GrammarResult Verdict { get; private set; } = NothingRead;

    /// <summary>What the readers are compared by: the grammar's score of the reader's own line.</summary>
    public float Standing { get; private set; }

    /// <summary>The best read came from the plate reader.</summary>
    public bool ByReader { get; private set; }

    /// <summary>
    /// A reader's read: it becomes the best when accepted and standing higher than the best so far
    /// (the first offered wins ties); a rejected read only stands in while nothing is accepted and it
    /// holds more characters.
    /// </summary>
    public void Offer(OcrLine line, GrammarResult verdict, float standing, bool byReader)
    {
        var better = verdict.Accepted
            ? !Verdict.Accepted || standing > Standing
            : !Verdict.Accepted && (ReferenceEquals(Verdict, NothingRead) || line.Text.Length > Line.Text.Length);
        if (!better) return;
        (Line, Verdict, Standing, ByReader) = (line, verdict, standing, byReader);
    }

    /// <summary>Makes a read the best whatever the standing (the two readers' combined verdict).</summary>
    public void Choose(OcrLine line, GrammarResult verdict, float standing, bool byReader) =>
        (Line, Verdict, Standing, ByReader) = (line, verdict, standing, byReader);

    /// <summary>Turns the best read down for a reason found after reading (no plate, not a plate's format).</summary>
    public void Reject(string reason) => Verdict = Verdict with { Accepted = false, RejectReason = reason };

    private static void Replace(ref Mat? field, Mat? value)
    {
        if (ReferenceEquals(field, value)) return;
        field?.Dispose();
        field = value;
    }

    public void Dispose()
    {
        _rectified?.Dispose();
        _prepared?.Dispose();
    }
}
