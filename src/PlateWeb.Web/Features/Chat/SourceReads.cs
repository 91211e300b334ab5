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
        return rows.ToDictionary(r => r.Id, r => new SourceRead(r.Id, r.CorrectedText ?? r.Text, r.CreatedAt, r.ImageId, PlateWeb.Web.Features.Images.PlateCrop.ViewBox(r.Quad), r.Width, r.Height));
    }
}
