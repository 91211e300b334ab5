using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Features.Upload;

/// <summary>A stored image and its reads, as the result card shows them.</summary>
public sealed record ImageResult(
    long ImageId, string FileName, int Width, int Height, bool AlreadyStored, IReadOnlyList<PlateView> Plates)
{
    public static ImageResult From(StoredImage image, bool alreadyStored) => new(
        image.Id, image.OriginalFileName, image.Width, image.Height, alreadyStored,
        image.Reads.OrderByDescending(r => r.Confidence).Select(PlateView.From).ToList());

    /// <summary>This result with one plate as the store left it after a correction (text, country, format, who).</summary>
    public ImageResult WithCorrection(PlateReadEntity saved) => this with
    {
        Plates = Plates.Select(p => p.ReadId == saved.Id ? p with
        {
            CorrectedText = saved.CorrectedText,
            CorrectedBy = saved.CorrectedBy,
            Country = saved.Country,
            Format = saved.Format,
            Explanation = saved.Explanation,
        } : p).ToList(),
    };
}

/// <summary>
/// One plate of a result; <see cref="Text"/> is the user's correction when there is one, and then
/// the country, format and explanation are the grammar's reading of the corrected text.
/// </summary>
public sealed record PlateView(
    long ReadId, string OcrText, string? CorrectedText, float Confidence, string? Country, string? Format, string? Explanation,
    IReadOnlyList<StoredCandidate> Candidates, IReadOnlyList<float> Quad, string? CorrectedBy = null)
{
    public string Text => CorrectedText ?? OcrText;

    public static PlateView From(PlateReadEntity read) => new(
        read.Id, read.Text, read.CorrectedText, read.Confidence, read.Country, read.Format, read.Explanation,
        PlateStore.Candidates(read), read.Quad, read.CorrectedBy);

    /// <summary>The quad as an SVG polygon's points attribute.</summary>
    public string SvgPoints => string.Join(' ', Enumerable.Range(0, Quad.Count / 2)
        .Select(i => FormattableString.Invariant($"{Quad[2 * i]:0.#},{Quad[2 * i + 1]:0.#}")));
}
