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
}

/// <summary>One plate of a result.</summary>
public sealed record PlateView(
    string Text, float Confidence, string? Country, string? Format, string? Explanation,
    IReadOnlyList<StoredCandidate> Candidates, IReadOnlyList<float> Quad)
{
    public static PlateView From(PlateReadEntity read) => new(
        read.CorrectedText ?? read.Text, read.Confidence, read.Country, read.Format, read.Explanation,
        PlateStore.Candidates(read), read.Quad);

    /// <summary>The quad as an SVG polygon's points attribute.</summary>
    public string SvgPoints => string.Join(' ', Enumerable.Range(0, Quad.Count / 2)
        .Select(i => FormattableString.Invariant($"{Quad[2 * i]:0.#},{Quad[2 * i + 1]:0.#}")));
}
