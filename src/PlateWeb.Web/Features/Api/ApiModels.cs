using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Features.Api;

/// <summary>
/// One plate as the API returns it: the keys of `platectl read --jsonl` (text, display, confidence,
/// candidates, quad, country, format, explanation, raw) plus the stored read's id, its correction
/// and its time. Serialized in snake_case like the CLI's lines.
/// </summary>
public sealed record ApiPlate(
    long Id, long ImageId, string Text, string Display, string? Corrected, double Confidence, IReadOnlyList<string> Candidates,
    IReadOnlyList<double[]> Quad, string? Country, string? Format, string? Explanation, string Raw, DateTime CreatedAt)
{
    public static ApiPlate From(PlateReadEntity r) => new(
        r.Id, r.ImageId, r.NormalizedText, r.Text, r.CorrectedText, Math.Round(r.Confidence, 3),
        PlateStore.Candidates(r).Select(c => c.Text).ToList(),
        Enumerable.Range(0, r.Quad.Length / 2).Select(i => new[] { Math.Round(r.Quad[2 * i], 1), Math.Round(r.Quad[2 * i + 1], 1) }).ToList(),
        r.Country, r.Format, r.Explanation, r.RawText, DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc));
}

/// <summary>The answer to POST /api/reads: like one line of `platectl read --jsonl`, with the stored image's id.</summary>
public sealed record ApiImageReads(string File, double Ms, string? Error, long ImageId, bool AlreadyStored, int Width, int Height, IReadOnlyList<ApiPlate> Plates);

/// <summary>A page of GET /api/reads.</summary>
public sealed record ApiReadPage(int Total, int Skip, int Take, IReadOnlyList<ApiReadRow> Items);

public sealed record ApiReadRow(long Id, long ImageId, string Text, string? Corrected, double Confidence, string? Country, string? Format, DateTime CreatedAt, string File)
{
    public static ApiReadRow From(ReadRow r) => new(
        r.Id, r.ImageId, r.Text, r.CorrectedText, Math.Round(r.Confidence, 3), r.Country, r.Format, DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc), r.FileName);
}
