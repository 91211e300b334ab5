using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Features.History;

public static class HistoryServiceCollectionExtensions
{
    public static IServiceCollection AddHistoryFeature(this IServiceCollection services)
    {
        services.AddSingleton<IReadQueries>(sp => sp.GetRequiredService<ReadQueries>());
        return services;
    }
}
