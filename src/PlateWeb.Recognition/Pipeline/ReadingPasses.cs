// One file: the reading passes in the order PlateRecognizer runs them. Each is short, and side by side they show
// what each one leaves to the next (the strip is cut first, the reader settles a sure region, Tesseract's
// retries only follow a doubt).

using OpenCvSharp;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Recognition.Pipeline;

/// <summary>What every reading pass may use for one image.</summary>
/// <param name="Gray">The image, grey.</param>
/// <param name="Ocr">Tesseract: reads a prepared strip of a region.</param>
/// <param name="Band">The country code in the EU band left of a one-line row (<see cref="EuBand"/>), or null
/// where none is read (no band, no colour picture, or band reading off).</param>
internal sealed record ReadingContext(Mat Gray, PlateGrammar Grammar, Func<Mat, DetectedPlate, OcrLine> Ocr, CancellationToken Cancellation,
    Func<Quad, BandCode?>? Band = null);

/// <summary>
/// One way of reading a region, run in order over a <see cref="CandidateRead"/> by
/// <see cref="PlateRecognizer"/>: each offers its read, and the grammar's better-scored read stands.
/// </summary>
internal interface IReadingPass
{
    void Run(CandidateRead candidate, ReadingContext context);
}

/// <summary>
/// The strip Tesseract reads (and the trace shows): the text quad warped upright and cleaned; a strip
/// that stops inside a glyph is lengthened on that side, before any reader looks, so that the plate
/// reader's window holds that glyph whole too. A two-line plate's lines are rectified and cleaned one
/// by one and put side by side. No reading here.
/// </summary>
internal sealed class StripPass : IReadingPass
{
    // A strip that stops inside a glyph is lengthened on that side by this many strip heights
    // (0.4 and 0.7 measured the same with `platectl eval`).
    private const float EndExtend = 0.5f;

    public void Run(CandidateRead candidate, ReadingContext context)
    {
        if (candidate.Region.SecondLine is not null)
        {
            TwoLines(candidate, context.Gray);
            return;
        }
        var region = candidate.Region;
        var rectified = PlateStrip.Rectify(context.Gray, region.TextQuad, region.CharBoxes, out var layout);
        var lightText = PlateStrip.TextIsLight(rectified);
        var (cutLeft, cutRight) = PlateStrip.GlyphCutByEnds(rectified, layout, lightText);
        if (cutLeft || cutRight)
        {
            // The detector missed an end character (glued to a frame, a bolt or a sticker) and the
            // strip stops inside it: both readers read the row lengthened on that side instead (for the
            // plate reader: validation scenes +3 plates of 936, 3 fewer non-plates; `platectl eval`, +1 us).
            rectified.Dispose();
            candidate.Region = region = region with { TextQuad = region.TextQuad.Widen(cutLeft ? EndExtend : 0, cutRight ? EndExtend : 0) };
            rectified = PlateStrip.Rectify(context.Gray, region.TextQuad, region.CharBoxes, out layout);
        }
        candidate.Rectified = rectified;
        candidate.Layout = layout;
        candidate.LightText = lightText;
        candidate.Prepared = PlateStrip.PrepareForOcr(rectified, layout, lightText);
    }

    /// <summary>
    /// Each line rectified and cleaned on its own, then the upper line put left of the lower one, to be
    /// read as one line: Tesseract reads a line of two or three characters alone poorly (no context:
    /// "CD" came back "CO", "RIO" as nothing); side by side, at the same height, they read like any
    /// one-line plate.
    /// </summary>
    private static void TwoLines(CandidateRead candidate, Mat gray)
    {
        var region = candidate.Region;
        var rectifiedStrips = new List<Mat>(2);
        var preparedStrips = new List<Mat>(2);
        var pieces = new List<Mat>();
        var light = false;
        try
        {
            foreach (var part in new[] { region with { SecondLine = null }, region.SecondLine! })
            {
                var rectified = PlateStrip.Rectify(gray, part.TextQuad, part.CharBoxes, out var layout);
                rectifiedStrips.Add(rectified);
                // Both lines are printed alike: the polarity of the upper one holds for both.
                if (rectifiedStrips.Count == 1) light = PlateStrip.TextIsLight(rectified);
                preparedStrips.Add(PlateStrip.PrepareForOcr(rectified, layout, light));
            }
            var rectifiedRow = new Mat();
            Cv2.HConcat(rectifiedStrips.ToArray(), rectifiedRow);
            candidate.Rectified = rectifiedRow;
            // Side by side with the gap of a word space between them: a wider gap of blank plate
            // made Tesseract drop or invent characters next to it ("RIO 2A18" read "RO2A18").
            var gap = (int)(0.3f * PlateStrip.RectifiedHeight);
            foreach (var strip in preparedStrips)
            {
                var (from, to) = PlateStrip.InkColumns(strip);
                if (to <= from) continue;
                if (pieces.Count > 0) pieces.Add(new Mat(strip.Rows, gap, MatType.CV_8UC1, Scalar.White));
                pieces.Add(strip[new Rect(from, 0, to - from, strip.Rows)].Clone());
            }
            var preparedRow = new Mat();
            if (pieces.Count == 0)
            {
                preparedStrips[0].CopyTo(preparedRow);
            }
            else
            {
                using var row = new Mat();
                Cv2.HConcat(pieces.ToArray(), row);
                Cv2.CopyMakeBorder(row, preparedRow, 0, 0, PlateStrip.OcrPadding, PlateStrip.OcrPadding, BorderTypes.Constant, Scalar.White);
            }
            candidate.Prepared = preparedRow;
            candidate.LightText = light;
        }
        finally
        {
            foreach (var m in rectifiedStrips.Concat(preparedStrips).Concat(pieces)) m.Dispose();
        }
    }
}

/// <summary>
/// The plate reader looks first (at the row as <see cref="StripPass"/> left it): the whole plate at once,
/// what kind of plate it is, or none. Its
/// read, decoded under the formats (<see cref="ReaderDecoding"/>), settles the region when the grammar
/// is sure of it; otherwise Tesseract's passes get their turn.
/// </summary>
internal sealed class PlateReaderPass(PlateReader reader) : IReadingPass
{
    // The plate reader's read is kept without asking Tesseract only when the grammar is nearly sure of
    // its line: between 0.9 and 0.99 the reader still takes the rounded O of old Brazilian plates for a
    // Q or a D that Tesseract reads right, and the fusion pass then settles it (`platectl eval`,
    // docs/ACCURACY.md: BR 87.7 -> 91.2 %, EU 87.0 -> 88.9 %, about 5 ms more per plate read).
    private const float TrustReaderAbove = 0.99f;
    // A region the plate reader takes for no plate with at least this probability is dropped unread.
    private const float NotPlateAbove = 0.5f;
    // Without a country hint, the plate reader's kind of plate (EU, US, BR) becomes the hint when it is
    // the likelier half: the grammar alone takes the first format a text fits (old Brazilian ABC1234
    // plates fit the German format). At 0.7, four Brazilian plates read right were labelled German and
    // one US plate; at 0.5 none, with no read changed on the validation pictures (docs/ACCURACY.md).
    private const float RegionHintAbove = 0.5f;

    public void Run(CandidateRead candidate, ReadingContext context)
    {
        var reading = reader.Read(context.Gray, candidate.Region);
        candidate.NotPlate = reading.NotPlate >= NotPlateAbove;
        if (candidate.Hint is null && !candidate.NotPlate && reading.LikeliestRegion is { Probability: >= RegionHintAbove } kind)
        {
            candidate.Hint = kind.Region.ToUpperInvariant();
        }
        var line = reading.ToLine();
        // The grammar's verdict on the reader's greedy line is on the same scale as its verdicts on
        // Tesseract's lines: it is what the two readers are compared by.
        var greedy = context.Grammar.Interpret(line, candidate.Hint);
        var decoded = ReaderDecoding.Decode(context.Grammar, reading, line, greedy, candidate.Hint);
        // A European plate says its country in its band: where a code is read, the plate is read again with that
        // country as the hint, whatever the user's (a Slovak or Italian car in France), so that the formats sharing
        // its characters (French SIV, Italian, Slovak: two letters, three digits, two letters) are told apart by the
        // plate itself. Where the read under that hint is another country's format, the band is more likely misread
        // (its letters are a few pixels high) than the plate, and the first read stands; where it fits only the generic
        // European layout (a vanity plate, a format the grammar lacks), the foreign formats the first read took are the
        // likelier mistake. A country the grammar has no format of is no hint for formats (every one would be foreign):
        // its plate is read as a European one. Either way the recognizer gives the plate the band's country after
        // (PlateRecognizer.BandDecides).
        if (!candidate.NotPlate && candidate.Region.SecondLine is null && context.Band is { } band
            && reading.LikeliestRegion is { Region: "eu", Probability: >= RegionHintAbove }
            && band(candidate.Region.TextQuad) is { } code && EuBand.CountryOf(code.Code) is { } country)
        {
            var known = context.Grammar.Formats.Any(f => f.Country == country);
            var hint = known ? country : "EU";
            var greedyThere = context.Grammar.Interpret(line, hint);
            var decodedThere = ReaderDecoding.Decode(context.Grammar, reading, line, greedyThere, hint);
            if (!known || decodedThere.Country == country || IsGenericEuropean(context.Grammar, decodedThere))
            {
                (candidate.Band, candidate.Hint, greedy, decoded) = (code, hint, greedyThere, decodedThere);
            }
        }
        candidate.Reader = (reading, line, decoded);
        if (candidate.NotPlate)
        {
            candidate.Offer(line, decoded with { Accepted = false, RejectReason = "the plate reader sees no plate here" }, 0f, true);
            candidate.Settled = true;
            return;
        }
        candidate.Offer(line, decoded, decoded.Accepted ? greedy.Candidates[0].Score : 0f, true);
        candidate.Settled = greedy is { Accepted: true, Confidence: >= TrustReaderAbove };
    }

    /// <summary>Whether an accepted read fits only the generic European layout.</summary>
    internal static bool IsGenericEuropean(PlateGrammar grammar, GrammarResult read) =>
        read.Accepted && grammar.Formats.FirstOrDefault(f => f.Id == read.Format) is { IsGeneric: true, Country: "EU" };
}

/// <summary>Tesseract reads the prepared strip, unless an earlier pass settled the region.</summary>
internal sealed class TesseractPass : IReadingPass
{
    public void Run(CandidateRead candidate, ReadingContext context)
    {
        if (candidate.Settled || candidate.Prepared is null) return;
        var line = context.Ocr(candidate.Prepared, candidate.Region);
        var verdict = context.Grammar.Interpret(line, candidate.Hint);
        candidate.Tesseract = (line, verdict);
        candidate.Offer(line, verdict, verdict.Accepted ? verdict.Candidates[0].Score : 0f, false);
    }
}

/// <summary>
/// The polarity guess is the weak spot on low-contrast plates: when the grammar rejected Tesseract's
/// read of a one-line strip, the strip is drawn and read once more with the other polarity.
/// </summary>
internal sealed class OtherPolarityPass : IReadingPass
{
    public void Run(CandidateRead candidate, ReadingContext context)
    {
        if (candidate.Tesseract is not { Verdict.Accepted: false } first || candidate.Region.SecondLine is not null
            || candidate.Rectified is null || candidate.Layout is null)
        {
            return;
        }

        var other = PlateStrip.PrepareForOcr(candidate.Rectified, candidate.Layout, !candidate.LightText);
        var line = context.Ocr(other, candidate.Region);
        var verdict = context.Grammar.Interpret(line, candidate.Hint);
        if (verdict.Accepted || line.Text.Length > first.Line.Text.Length)
        {
            candidate.Prepared = other;
            candidate.LightText = !candidate.LightText;
            candidate.Tesseract = (line, verdict);
            candidate.Offer(line, verdict, verdict.Accepted ? verdict.Candidates[0].Score : 0f, false);
        }
        else
        {
            other.Dispose();
        }
    }
}

/// <summary>
/// A second opinion on the binarized strip when Tesseract's accepted read is unsure: the two
/// disagree most on blurred and narrow fonts, and the grammar's score picks the more plausible read.
/// </summary>
internal sealed class BinarizedPass : IReadingPass
{
    // A read at least this confident gets no second OCR pass: measured with `platectl eval`, the
    // binarized strip then never wins, and skipping it saves about a third of the reading time.
    private const float SecondOpinionBelow = 0.8f;

    public void Run(CandidateRead candidate, ReadingContext context)
    {
        if (candidate.Tesseract is not { Verdict: { Accepted: true } first } || first.Confidence >= SecondOpinionBelow
            || candidate.Region.SecondLine is not null || candidate.Prepared is null)
        {
            return;
        }

        using var bin = new Mat();
        Cv2.Threshold(candidate.Prepared, bin, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        var line = context.Ocr(bin, candidate.Region);
        var verdict = context.Grammar.Interpret(line, candidate.Hint);
        if (verdict.Accepted && verdict.Candidates[0].Score > first.Candidates[0].Score)
        {
            candidate.Tesseract = (line, verdict);
            candidate.Offer(line, verdict, verdict.Candidates[0].Score, false);
        }
    }
}

/// <summary>
/// The two readers' verdicts combined, where both read the region and disagree: each text is scored
/// by how likely both readers find it (the plate reader's probability of exactly that text, times
/// Tesseract's character probabilities for it) and the better one stands. Two readers that fail in
/// different ways rarely agree on a wrong text: on the old Brazilian plates the plate reader takes
/// the rounded O for D or Q, while Tesseract reads it right but is unsure of others.
/// </summary>
internal sealed class FusionPass : IReadingPass
{
    // Tesseract's probability of a character it did not consider at that place, and of each character
    // more or fewer than it read: it did not see it, but it may be wrong.
    private const double Unseen = 0.01;

    public void Run(CandidateRead candidate, ReadingContext context)
    {
        if (candidate.Reader is not { } r || candidate.Tesseract is not { } t || candidate.NotPlate) return;
        if (!r.Verdict.Accepted || !t.Verdict.Accepted || r.Verdict.Text == t.Verdict.Text) return;
        var readerScore = Both(r.Verdict, r.Reading, t.Line, context.Grammar) * Weight(r.Verdict, context.Grammar, candidate.Hint);
        var tesseractScore = Both(t.Verdict, r.Reading, t.Line, context.Grammar) * Weight(t.Verdict, context.Grammar, candidate.Hint);
        if (tesseractScore > readerScore)
        {
            candidate.Choose(t.Line, t.Verdict, t.Verdict.Candidates[0].Score, false);
        }
        else
        {
            candidate.Choose(r.Line, r.Verdict, candidate.ByReader ? candidate.Standing : r.Verdict.Candidates[0].Score, true);
        }
    }

    private static double Weight(GrammarResult verdict, PlateGrammar grammar, string? hint) =>
        grammar.Formats.FirstOrDefault(f => f.Id == verdict.Format) is { } format ? PlateGrammar.Weight(format, hint) : PlateGrammar.RawPrior;

    /// <summary>
    /// Both readers' probability of a verdict's text: the plate reader's under the verdict's format (look-alikes it
    /// tells apart by place count for the character, <see cref="PlateGrammar.StandIns"/>), times Tesseract's.
    /// </summary>
    private static double Both(GrammarResult verdict, PlateReading reading, OcrLine tesseract, PlateGrammar grammar)
    {
        var text = verdict.Text;
        var match = grammar.Match(text).FirstOrDefault(m => m.Format.Id == verdict.Format);
        return reading.ProbabilityOf(text, match is null ? null : grammar.StandIns(text, match)) * TesseractProbability(text, tesseract);
    }

    /// <summary>
    /// Tesseract's probability of a text: the product of its choices' confidences at each place. A text
    /// one character longer or shorter than Tesseract's line is aligned at the best place for the extra
    /// or missing character (a plate's edge read as an I, a character it dropped), which costs
    /// <see cref="Unseen"/>.
    /// </summary>
    internal static double TesseractProbability(string text, OcrLine line)
    {
        var chars = line.Characters;
        switch (text.Length - chars.Count)
        {
            case 0:
                return Aligned(text, chars, -1, 0);
            case 1:
                // The text has a character Tesseract did not read: skip each text place in turn.
                return Enumerable.Range(0, text.Length).Max(skip => Aligned(text, chars, skip, 1)) * Unseen;
            case -1:
                // Tesseract read a character the text lacks: skip each of Tesseract's places in turn.
                return Enumerable.Range(0, chars.Count).Max(skip => Aligned(text, chars, skip, -1)) * Unseen;
            default:
                return Math.Pow(Unseen, Math.Abs(chars.Count - text.Length) + 1);
        }
    }

    /// <summary>
    /// The product over the aligned places; <paramref name="skip"/> is a place of the text
    /// (<paramref name="side"/> 1) or of Tesseract's line (-1) left out, or -1 for none.
    /// </summary>
    private static double Aligned(string text, IReadOnlyList<OcrCharacter> chars, int skip, int side)
    {
        var p = 1.0;
        var (i, j) = (0, 0);
        while (i < text.Length && j < chars.Count)
        {
            if (side == 1 && i == skip) { i++; continue; }
            if (side == -1 && j == skip) { j++; continue; }
            var choice = chars[j].Alternatives.FirstOrDefault(a => a.Value == text[i]);
            p *= choice.Value == text[i] ? Math.Max(choice.Confidence, Unseen) : Unseen;
            i++;
            j++;
        }
        return p;
    }
}
