using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Features.Upload;

public static class UploadServiceCollectionExtensions
{
    public static IServiceCollection AddUploadFeature(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>()
            .BindConfiguration(UploadOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<RecognitionQueue>();
        services.AddSingleton<UploadNotifier>();
        services.AddScoped<UploadSession>();
        services.AddSingleton<ImageIngest>();
        services.AddSingleton<ImageProcessor>();
        services.AddHostedService<RecognitionWorker>();
        return services;
    }
}
