using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PlateWeb.Data.Postgres;

/// <summary>
/// Lets `dotnet ef migrations add NAME --project src/PlateWeb.Data.Postgres` build the PostgreSQL model without a
/// server (adding a migration never connects).
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PlateDbContext>
{
    public PlateDbContext CreateDbContext(string[] args) =>
        new(PlateDatabase.Options(new DataOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=localhost;Database=plateweb_design" }));
}
