using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlateWeb.Data.Storage;

namespace PlateWeb.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>Section "Queue" and the pieces both sides use; nothing connects until a side asks.</summary>
    public static IServiceCollection AddJobQueue(this IServiceCollection services)
    {
        services.AddOptions<QueueOptions>()
            .BindConfiguration(QueueOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<RabbitMqBroker>();
        services.TryAddSingleton<JobSpool>();
        services.TryAddSingleton<JobClient>();
        return services;
    }

    /// <summary>
    /// A recognition worker: consumes the RabbitMQ jobs queue with the engine and data registered beside it
    /// (AddRecognitionEngine, AddPlateData), as `platectl worker` does.
    /// </summary>
    public static IServiceCollection AddJobWorker(this IServiceCollection services)
    {
        services.AddJobQueue();
        services.TryAddSingleton<ImageIngest>();
        services.TryAddSingleton<JobHandler>();
        services.AddHostedService<JobWorker>();
        return services;
    }
}
