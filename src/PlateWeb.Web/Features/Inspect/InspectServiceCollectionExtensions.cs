namespace PlateWeb.Web.Features.Inspect;

public static class InspectServiceCollectionExtensions
{
    public static IServiceCollection AddInspectFeature(this IServiceCollection services)
    {
        services.AddSingleton<InspectService>();
        return services;
    }
}
