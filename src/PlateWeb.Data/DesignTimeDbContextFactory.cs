using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PlateWeb.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the web host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PlateDbContext>
{
    public PlateDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PlateDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
