using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PlateWeb.Data.Transfer;

/// <summary>
/// One table of the model as <see cref="SqliteToPostgres"/> copies and checks it: its columns and primary key, read a
/// page at a time in key order through EF Core on either side, so each provider's own conversions (a float[] as JSON
/// text or as real[], a DateTime as text or as a timestamp) turn the same rows into the same entities.
/// </summary>
internal sealed class TransferTable
{
    private static readonly MethodInfo PageMethod = typeof(TransferTable).GetMethod(nameof(PageOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly IReadOnlyList<IProperty> _properties;
    private readonly IReadOnlyList<IProperty> _key;
    private readonly IReadOnlyList<Func<object, object?>> _getters;

    public TransferTable(IEntityType entityType)
    {
        EntityType = entityType;
        Name = entityType.GetTableName() ?? throw new InvalidOperationException($"{entityType.DisplayName()} is not mapped to a table.");
        var primaryKey = entityType.FindPrimaryKey() ?? throw new InvalidOperationException($"{Name} has no primary key.");
        _key = primaryKey.Properties;
        _properties = [.. entityType.GetProperties().OrderBy(p => p.GetColumnName(), StringComparer.Ordinal)];
        _getters = [.. _properties.Select(Getter)];
        var generatedKey = _key.Count == 1 && _key[0].ValueGenerated == ValueGenerated.OnAdd && _key[0].ClrType is var t && (t == typeof(int) || t == typeof(long));
        IdentityColumn = generatedKey ? _key[0].GetColumnName() : null;
    }

    public IEntityType EntityType { get; }

    public string Name { get; }

    /// <summary>The key column PostgreSQL numbers from a sequence (an identity column), else null.</summary>
    public string? IdentityColumn { get; }

    public string QuotedName => Quote(Name);

    public string KeyColumns => string.Join(", ", _key.Select(p => Quote(p.GetColumnName())));

    /// <summary>The key of an entity of this table, in key column order.</summary>
    public object?[] KeyOf(object entity) => [.. _key.Select(p => Getter(p)(entity))];

    /// <summary>
    /// Npgsql writes a DateTimeOffset to "timestamp with time zone" only at offset zero; SQLite kept the offset it was
    /// given (Identity's LockoutEnd). The instant is the same, and it is what <see cref="RowHash"/> compares.
    /// </summary>
    public void PrepareForPostgres(object entity)
    {
        foreach (var property in _properties.Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
        {
            if (property.PropertyInfo is { CanWrite: true } info && info.GetValue(entity) is DateTimeOffset value && value.Offset != TimeSpan.Zero)
            {
                info.SetValue(entity, value.ToUniversalTime());
            }
        }
    }

    /// <summary>The values of every column, in a fixed (column name) order, for <see cref="RowHash"/>.</summary>
    public IEnumerable<object?> ValuesOf(object entity) => _getters.Select(g => g(entity));

    /// <summary>
    /// At most <paramref name="size"/> rows after <paramref name="after"/> (a key; null: from the start), in key order.
    /// Keyset paging, not OFFSET: each page costs the same, and a row inserted meanwhile cannot shift one out.
    /// </summary>
    public Task<List<object>> PageAsync(PlateDbContext db, object?[]? after, int size, CancellationToken ct) =>
        PageAsync(db, after, size, ct, $"ORDER BY {KeyColumns}");

    /// <summary>The highest key in this table (the row a resumed copy starts after), or null when it is empty.</summary>
    public async Task<object?[]?> LastKeyAsync(PlateDbContext db, CancellationToken ct)
    {
        var descending = string.Join(", ", _key.Select(p => Quote(p.GetColumnName()) + " DESC"));
        var last = await PageAsync(db, null, 1, ct, $"ORDER BY {descending}");
        return last.Count == 0 ? null : KeyOf(last[0]);
    }

    public async Task<long> CountAsync(PlateDbContext db, CancellationToken ct)
    {
#pragma warning disable EF1002 // The table name comes from the model, never from input.
        return await db.Database.SqlQueryRaw<long>($"SELECT COUNT(*) AS \"Value\" FROM {QuotedName}").SingleAsync(ct);
#pragma warning restore EF1002
    }

    private Task<List<object>> PageAsync(PlateDbContext db, object?[]? after, int size, CancellationToken ct, string order) =>
        (Task<List<object>>)PageMethod.MakeGenericMethod(EntityType.ClrType).Invoke(null, [db, this, after, size, ct, order])!;

    private static async Task<List<object>> PageOf<T>(PlateDbContext db, TransferTable table, object?[]? after, int size, CancellationToken ct, string order)
        where T : class
    {
        var columns = string.Join(", ", table._properties.Select(p => Quote(p.GetColumnName())));
        // A row-value comparison (SQLite 3.15+, PostgreSQL) pages a composite key (AspNetUserRoles) as a single one.
        var where = after is null
            ? string.Empty
            : $"WHERE ({table.KeyColumns}) > ({string.Join(", ", after.Select((_, i) => "{" + i + "}"))})";
#pragma warning disable EF1002 // Names come from the model; the key values are parameters.
        var rows = await db.Set<T>()
            .FromSqlRaw($"SELECT {columns} FROM {table.QuotedName} {where} {order} LIMIT {size}", after ?? [])
            .AsNoTracking()
            .ToListAsync(ct);
#pragma warning restore EF1002
        return [.. rows.Cast<object>()];
    }

    private static Func<object, object?> Getter(IProperty property)
    {
        if (property.PropertyInfo is { } info) return info.GetValue;
        if (property.FieldInfo is { } field) return field.GetValue;
        throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} is a shadow property: the copy reads entities' own members.");
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Parents before children (foreign keys), then by name, so every row's parent is already in the target.</summary>
    public static IReadOnlyList<TransferTable> InDependencyOrder(IModel model)
    {
        var types = model.GetEntityTypes().Where(t => !t.IsOwned() && t.GetTableName() is not null).OrderBy(t => t.GetTableName(), StringComparer.Ordinal).ToList();
        var done = new HashSet<IEntityType>();
        var ordered = new List<TransferTable>();
        while (ordered.Count < types.Count)
        {
            var ready = types.FirstOrDefault(t => !done.Contains(t)
                && t.GetForeignKeys().All(fk => fk.PrincipalEntityType == t || done.Contains(fk.PrincipalEntityType)))
                ?? throw new InvalidOperationException("The model's foreign keys form a cycle; the copy needs parents before children.");
            done.Add(ready);
            ordered.Add(new TransferTable(ready));
        }
        return ordered;
    }
}
