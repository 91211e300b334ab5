using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Data;
using PlateWeb.Jobs;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl worker [--data DIR] [--rabbitmq URI] [--prefetch N] [--concurrency N] [--name NAME] [--health-url URL]`:
/// a recognition worker for Queue:Provider RabbitMq. A generic host built from the web app's own registrations (engine,
/// data, queue), reading the same appsettings.json and PLATEWEB_ variables; it runs until Ctrl+C or SIGTERM. It
/// announces itself in the database (Worker:Name, --name) and, with --health-url (Worker:HealthUrl), answers GET /health.
/// One JSON line per job on standard output, logs on standard error.
/// </summary>
public static class WorkerCommand
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        var builder = QueueHost.CreateBuilder(ctx);
        builder.Services.AddRecognitionEngine();
        builder.Services.AddPlateData();
        builder.Services.AddJobWorker();
        builder.Services.AddSingleton<IJobObserver, JsonLineObserver>();

        try
        {
            using var host = builder.Build();
            await host.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine($"platectl worker: {string.Join("; ", ex.Failures)}");
            return 2;
        }
        catch (WorkerHealthException ex)
        {
            Console.Error.WriteLine($"platectl worker: {ex.Message}");
            return 2;
        }
    }

    /// <summary>One line per job finished, for scripts and tests: ids and outcome, never the file name (often the plate).</summary>
    private sealed class JsonLineObserver : IJobObserver
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
        private readonly Lock _lock = new();

        public void Finished(JobMessage job, JobResult result)
        {
            var line = JsonSerializer.Serialize(new
            {
                job = job.JobId,
                sha256 = job.Sha256,
                decision = result.Decision.ToString(),
                outcome = result.Reply?.Outcome.ToString(),
                imageId = result.Reply?.ImageId,
                recognised = result.Recognised,
                pid = Environment.ProcessId,
            }, Json);
            lock (_lock)
            {
                Console.Out.WriteLine(line);
                Console.Out.Flush();
            }
        }
    }
}
