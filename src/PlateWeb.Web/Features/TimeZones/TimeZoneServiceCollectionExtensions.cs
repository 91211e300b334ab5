namespace PlateWeb.Web.Features.TimeZones;

public static class TimeZoneServiceCollectionExtensions
{
    /// <summary>The user's zone, one per circuit (<see cref="UserClock"/>).</summary>
    public static IServiceCollection AddTimeZoneFeature(this IServiceCollection services)
    {
        services.AddScoped<UserClock>();
        return services;
    }
}
