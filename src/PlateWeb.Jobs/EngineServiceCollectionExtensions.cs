using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Recognition;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Jobs;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// One <see cref="PlateRecognizer"/> for the process (it pools one Tesseract engine per thread). Here rather than
    /// in the web project so that the web app and `platectl worker` register the engine the same way.
    /// </summary>
    public static IServiceCollection AddRecognitionEngine(this IServiceCollection services)
    {
        services.AddOptions<RecognitionOptions>()
            .BindConfiguration(RecognitionOptions.Section)
            .PostConfigure<IHostEnvironment>((o, env) =>
            {
                if (!Path.IsPathRooted(o.TessdataPath))
                {
                    o.TessdataPath = Path.GetFullPath(Path.Combine(env.ContentRootPath, o.TessdataPath));
                }
                if (!string.IsNullOrWhiteSpace(o.ReaderModel) && !Path.IsPathRooted(o.ReaderModel))
                {
                    o.ReaderModel = Path.GetFullPath(Path.Combine(env.ContentRootPath, o.ReaderModel));
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new PlateRecognizer(
            sp.GetRequiredService<IOptions<RecognitionOptions>>().Value,
            sp.GetRequiredService<ILogger<PlateRecognizer>>()));
        return services;
    }
}
