using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlateWeb.Data.Storage;
using PlateWeb.Jobs.UseCases;

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
        services.TryAddSingleton<IDeadLetterQueue, DeadLetterQueue>();
        return services;
    }

    /// <summary>
    /// A recognition worker: announces itself in the database (WorkerHeartbeatService), answers /health when
    /// Worker:HealthUrl is set (WorkerHealthServer), and consumes the RabbitMQ jobs queue with the engine and data registered beside it
    /// (AddRecognitionEngine, AddPlateData), as `platectl worker` does.
    /// </summary>
    public static IServiceCollection AddJobWorker(this IServiceCollection services)
    {
        services.AddJobQueue();
        services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ImageIngest>();
        services.TryAddSingleton<JobHandler>();
        services.TryAddSingleton<WorkerStats>();
        services.AddSingleton<IJobObserver>(sp => sp.GetRequiredService<WorkerStats>());
        services.AddHostedService<JobWorker>();
        services.AddSingleton<WorkerHeartbeatService>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkerHeartbeatService>());
        // Listens only when Worker:HealthUrl (--health-url) is set.
        services.AddSingleton<WorkerHealthServer>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkerHealthServer>());
        return services;
    }
}
