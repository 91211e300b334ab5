using Microsoft.Extensions.DependencyInjection.Extensions;
using PlateWeb.Data.Cameras;
using PlateWeb.Data.Sightings;
using PlateWeb.Jobs.UseCases;

namespace PlateWeb.Web.Features.Cameras;

public static class CamerasServiceCollectionExtensions
{
    /// <summary>Cameras (section "Cameras"): their store, secrets, live board and one worker per enabled camera.</summary>
    public static IServiceCollection AddCamerasFeature(this IServiceCollection services)
    {
        services.AddOptions<CameraOptions>()
            .BindConfiguration(CameraOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<CameraStore>();
        // Replaces AddPlateData's NoCameras whichever is registered first.
        services.Replace(ServiceDescriptor.Singleton<ICameraDirectory>(sp => sp.GetRequiredService<CameraStore>()));
        services.AddSingleton<PassStore>();
        services.AddSingleton<CameraSecrets>();
        services.AddSingleton<CameraService>();
        services.AddSingleton<CameraBoard>();
        // One node: every camera is this node's. AddScaleOutFeature replaces it with leases in Redis.
        services.TryAddSingleton<ICameraLeases, LocalCameraLeases>();
        services.AddSingleton<CameraSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<CameraSupervisor>());
        return services;
    }
}
