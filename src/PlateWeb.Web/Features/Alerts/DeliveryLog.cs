using Microsoft.EntityFrameworkCore;
using PlateWeb.Data;
using PlateWeb.Data.Entities;

namespace PlateWeb.Web.Features.Alerts;

/// <summary>The AlertDeliveries table: one row per webhook or MQTT alert, updated at each try; read by the Deliveries page.</summary>
public sealed class DeliveryLog(IDbContextFactory<PlateDbContext> dbFactory)
{
    public const int MaxErrorLength = 500;

    /// <summary>Adds <paramref name="delivery"/> (Id 0) or updates it.</summary>
    public async Task SaveAsync(AlertDelivery delivery, CancellationToken ct)
    {
        if (delivery.Error is { Length: > MaxErrorLength } error) delivery.Error = error[..MaxErrorLength];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (delivery.Id == 0) db.AlertDeliveries.Add(delivery);
        else db.AlertDeliveries.Update(delivery);
        await db.SaveChangesAsync(ct);
    }

    public async Task<(IReadOnlyList<AlertDelivery> Items, int TotalCount)> ListAsync(int skip, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var total = await db.AlertDeliveries.CountAsync(ct);
        var items = await db.AlertDeliveries.AsNoTracking().OrderByDescending(d => d.Id).Skip(skip).Take(take).ToListAsync(ct);
        return (items, total);
    }
}
