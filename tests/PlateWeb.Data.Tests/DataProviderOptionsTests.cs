using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PlateWeb.Data.Tests;

/// <summary>Data:Provider and the connection string, as AddPlateData reads them for the web app and the chat host.</summary>
public sealed class DataProviderOptionsTests
{
    [Fact]
    public void Default_IsSqlite_InTheDataFolder()
    {
        using var services = Build([]);

        var options = services.GetRequiredService<IOptions<DataOptions>>().Value;
        using var db = services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContext();

        Assert.Equal(DatabaseProvider.Sqlite, options.Provider);
        Assert.False(db.IsPostgres());
        Assert.Equal(options.DatabasePath, PlateDatabase.Describe(options));
    }

    [Fact]
    public void Postgres_TakesConnectionStringsPlateWeb_WhenDataHasNone()
    {
        using var services = Build(new()
        {
            ["Data:Provider"] = "Postgres",
            ["ConnectionStrings:PlateWeb"] = "Host=db.example;Port=5433;Database=plates;Username=u;Password=secret",
        });

        var options = services.GetRequiredService<IOptions<DataOptions>>().Value;
        using var db = services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContext();

        Assert.True(db.IsPostgres());
        Assert.Contains("Database=plates", options.ConnectionString, StringComparison.Ordinal);
        Assert.Equal("PostgreSQL: plates on db.example:5433", PlateDatabase.Describe(options));
    }

    [Fact]
    public void Postgres_WithoutAConnectionString_FailsNamingTheKeys()
    {
        using var services = Build(new() { ["Data:Provider"] = "Postgres" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DataOptions>>().Value);

        Assert.Contains("Data:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:PlateWeb", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new Environment())
            .AddLogging()
            .AddPlateData()
            .BuildServiceProvider();
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "PlateWeb.Data.Tests";

        public string ContentRootPath { get; set; } = Path.GetTempPath();

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
