using Microsoft.Extensions.Options;
using PlateWeb.Data.Storage;
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
        services.AddSingleton<InProcessRecognitionJobs>();
        services.AddSingleton<RabbitMqRecognitionJobs>();
        // Chosen when first asked, by Queue:Provider, so that the options stay read in one place (QueueOptions).
        services.AddSingleton<IRecognitionJobs>(sp => sp.GetRequiredService<IOptions<QueueOptions>>().Value.Provider == QueueProvider.RabbitMq
            ? sp.GetRequiredService<RabbitMqRecognitionJobs>()
            : sp.GetRequiredService<InProcessRecognitionJobs>());
        services.AddSingleton<IJobReplyHandler, UploadReplyHandler>();
        services.AddHostedService<JobClientStarter>();
        services.AddSingleton<UploadNotifier>();
        services.AddScoped<UploadSession>();
        services.AddSingleton<ImageIngest>();
        services.AddSingleton<ImageProcessor>();
        services.AddHostedService<RecognitionWorker>();
        return services;
    }
}
