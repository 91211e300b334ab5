using Microsoft.Extensions.Options;
using PlateWeb.Data.Storage;
using PlateWeb.Jobs.UseCases;
using PlateWeb.Jobs;

namespace PlateWeb.Web.Features.Upload;

public static class UploadServiceCollectionExtensions
{
    public static IServiceCollection AddUploadFeature(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>()
            .BindConfiguration(UploadOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddJobQueue();
        services.AddSingleton<RecognitionQueue>();
        services.AddSingleton<RabbitMqRecognitionJobs>();
        // Chosen when first asked, by Queue:Provider, so that the options stay read in one place (QueueOptions).
        services.AddSingleton<IUploadQueue>(sp => UsesRabbitMq(sp)
            ? sp.GetRequiredService<RabbitMqRecognitionJobs>()
            : sp.GetRequiredService<RecognitionQueue>());
        services.AddSingleton<IImageReader>(sp => UsesRabbitMq(sp)
            ? sp.GetRequiredService<RabbitMqRecognitionJobs>()
            : sp.GetRequiredService<ImageProcessor>());
        services.AddSingleton<IJobReplyHandler, UploadReplyHandler>();
        services.AddHostedService<JobClientStarter>();
        services.AddHostedService<JobReplyPoller>();
        services.AddSingleton<UploadNotifier>();
        services.AddScoped<UploadSession>();
        services.AddSingleton<ImageIngest>();
        services.AddSingleton<ImageProcessor>();
        services.AddHostedService<RecognitionWorker>();
        return services;
    }

    private static bool UsesRabbitMq(IServiceProvider services) =>
        services.GetRequiredService<IOptions<QueueOptions>>().Value.Provider == QueueProvider.RabbitMq;
}
