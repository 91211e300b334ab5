using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Postgres;

namespace PlateWeb.Data;

/// <summary>The one place that turns <see cref="DataOptions"/> into an EF Core provider, for the web app, `platectl` and the tests.</summary>
public static class PlateDatabase
{
    /// <summary>SQLite on <see cref="DataOptions.DatabasePath"/>, or PostgreSQL on <see cref="DataOptions.ConnectionString"/> with its own migrations.</summary>
    public static DbContextOptionsBuilder UsePlateDatabase(this DbContextOptionsBuilder builder, DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider switch
        {
            DatabaseProvider.Postgres => builder.UseNpgsql(options.ConnectionString, PostgresModel.Configure),
            _ => builder.UseSqlite($"Data Source={options.DatabasePath}"),
        };
    }

    public static DbContextOptions<PlateDbContext> Options(DataOptions options) =>
        ((DbContextOptionsBuilder<PlateDbContext>)new DbContextOptionsBuilder<PlateDbContext>().UsePlateDatabase(options)).Options;

    /// <summary>Where the database is, for people: the SQLite file's path, or PostgreSQL's host and database (never the password).</summary>
    public static string Describe(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == DatabaseProvider.Sqlite) return options.DatabasePath;
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
        return $"PostgreSQL: {connection.Database} on {connection.Host}:{connection.Port}";
    }

    /// <summary>Whether this context talks to PostgreSQL (else SQLite).</summary>
    public static bool IsPostgres(this PlateDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.IsNpgsql();
    }
}
