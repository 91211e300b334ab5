using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Data;
using PlateWeb.Jobs;
using PlateWeb.Jobs.Hosting;
using PlateWeb.Recognition;

namespace PlateWeb.Cli;

/// <summary>
/// Every platectl host is built here, on the generic host and the web app's own registrations: the same content root
/// (<see cref="ContentRootLocator"/>), appsettings.json, PLATEWEB_ variables and options validation as the app, with
/// the verb's flags applied over them. No verb reads appsettings.json itself.
/// </summary>
public static class CliHost
{
    /// <summary>Configuration and logging only: the verb adds the registrations it needs.</summary>
    /// <param name="level">The least level logged without --verbose.</param>
    public static HostApplicationBuilder CreateBuilder(CliContext ctx, LogLevel level = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = ContentRootLocator.Find(),
            // The verb's flags are not configuration keys: they are applied below, option by option.
            Args = [],
        });
        builder.Configuration.AddEnvironmentVariables("PLATEWEB_");

        var verbose = ctx.Has("--verbose");
        builder.Logging.ClearProviders();
        // Standard error: standard output carries results (JSONL, CSV, answers) that scripts and other tools parse.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(verbose ? LogLevel.Debug : level);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", verbose ? LogLevel.Debug : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", verbose ? LogLevel.Debug : LogLevel.Warning);
        return builder;
    }

    /// <summary>
    /// The engine and the data as the web app registers them (AddRecognitionEngine, AddPlateData), then the common
    /// flags over their options: --data, --tessdata, --country, --reader, --no-tesseract, --one-view, --no-band, --raw-confidence.
    /// </summary>
    public static HostApplicationBuilder AddPlateServices(this HostApplicationBuilder builder, CliContext ctx)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(ctx);
        builder.Services.AddRecognitionEngine();
        builder.Services.AddPlateData();
        // Registered after AddPlateData's own PostConfigure, so --data outranks PLATEWEB_DATA and appsettings.json.
        if (ctx.Value("--data") is { } data) builder.UseDataDirectory(data);
        builder.Services.PostConfigure<RecognitionOptions>(o => ApplyRecognitionFlags(ctx, o));
        return builder;
    }

    /// <summary>One data folder over every other setting (--data, or ask-eval's temporary folder).</summary>
    public static HostApplicationBuilder UseDataDirectory(this HostApplicationBuilder builder, string directory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var full = Path.GetFullPath(directory);
        builder.Services.PostConfigure<DataOptions>(o => o.DataDirectory = full);
        return builder;
    }

    private static void ApplyRecognitionFlags(CliContext ctx, RecognitionOptions options)
    {
        if (ctx.Value("--tessdata") is { } t) options.TessdataPath = t;
        if (ctx.Value("--country") is { } c) options.CountryHint = c;
        if (ctx.Has("--no-tesseract")) options.TesseractSecondOpinion = false;
        if (ctx.Has("--no-band")) options.ReadEuBand = false;
        if (ctx.Has("--one-view")) options.ReaderViews = false;
        if (ctx.Has("--raw-confidence"))
        {
            // For fitting a calibration: the readers' own confidences, nothing dropped for being low.
            options.CalibrateConfidence = false;
            options.MinConfidence = 0;
        }
        if (ctx.Value("--reader") is { } rm) options.ReaderModel = rm == "none" ? null : Path.GetFullPath(rm);
    }
}

/// <summary>A setting that fails validation; the message names the key.</summary>
public sealed class AppSettingsException(string message) : Exception(message)
{
    public static AppSettingsException From(OptionsValidationException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return new("Invalid setting in appsettings.json: " + string.Join("; ", ex.Failures));
    }
}
