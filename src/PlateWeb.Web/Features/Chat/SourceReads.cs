using Microsoft.EntityFrameworkCore;
using PlateWeb.Data;

namespace PlateWeb.Web.Features.Chat;

/// <summary>A read an answer's source cites, as its chip shows it: plate, time, and a crop of the plate.</summary>
public sealed record SourceRead(long Id, string Text, DateTime CreatedAt, long ImageId, string CropViewBox, int ImageWidth, int ImageHeight);

/// <summary>The reads behind an answer's sources, in one query (the chips under the answer).</summary>
public sealed class SourceReads(IDbContextFactory<PlateDbContext> factory)
{
    public async Task<IReadOnlyDictionary<long, SourceRead>> LoadAsync(IEnumerable<long> ids, CancellationToken ct = default)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) return new Dictionary<long, SourceRead>();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Reads.AsNoTracking()
            .Where(r => wanted.Contains(r.Id))
            .Select(r => new { r.Id, r.Text, r.CorrectedText, r.CreatedAt, r.ImageId, r.Quad, r.Image!.Width, r.Image.Height })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new SourceRead(r.Id, r.CorrectedText ?? r.Text, r.CreatedAt, r.ImageId, ViewBox(r.Quad), r.Width, r.Height));
    }

    /// <summary>The plate and a margin around it, as an SVG viewBox over the stored picture.</summary>
    public static string ViewBox(float[] q)
    {
        if (q.Length < 8) return "0 0 1 1";
        var xs = new[] { q[0], q[2], q[4], q[6] };
        var ys = new[] { q[1], q[3], q[5], q[7] };
        var margin = Math.Max(4, (ys.Max() - ys.Min()) * 0.3f);
        var x = Math.Max(0, xs.Min() - margin);
        var y = Math.Max(0, ys.Min() - margin);
        return FormattableString.Invariant($"{x:0.#} {y:0.#} {xs.Max() - xs.Min() + 2 * margin:0.#} {ys.Max() - ys.Min() + 2 * margin:0.#}");
    }
}
