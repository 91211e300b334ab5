using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Chat;
using PlateWeb.Chat.Model;
using PlateWeb.Data;

namespace PlateWeb.Cli;

/// <summary>
/// The chat's services for `platectl ask` and `ask-eval`, wired as the web app wires them (same
/// appsettings.json, PLATEWEB_ variables, AddPlateData, AddChatGrounding, then the model), in a
/// host so the data initializer and options validation run as they do at the app's start.
/// </summary>
public static class ChatHost
{
    /// <param name="addServices">The chat model (and, in tests, fakes such as a fixed clock), registered last so they win.</param>
    /// <param name="dataDirectory">Overrides every other data folder setting (--data, or ask-eval's temporary folder).</param>
    public static async Task<IHost> StartAsync(CliContext ctx, Action<IServiceCollection> addServices, string? dataDirectory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(addServices);
        var root = AppSettings.FindContentRoot();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = root });
        builder.Configuration.AddJsonFile(Path.Combine(root, "appsettings.json"), optional: true).AddEnvironmentVariables("PLATEWEB_");
        // Logs go to standard error: standard output carries the answer that scripts read.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(ctx.Has("--verbose") ? LogLevel.Debug : LogLevel.Warning)
            // A bad setting is reported once, in words, by StartAsync below; not also as the host's stack trace.
            .AddFilter("Microsoft.Extensions.Hosting", ctx.Has("--verbose") ? LogLevel.Debug : LogLevel.None);
        builder.Services.AddPlateData();
        if (dataDirectory is not null)
        {
            var full = Path.GetFullPath(dataDirectory);
            builder.Services.PostConfigure<DataOptions>(o => o.DataDirectory = full);
        }
        builder.Services.AddChatGrounding();
        addServices(builder.Services);

        var host = builder.Build();
        try
        {
            await host.StartAsync(ct);
            return host;
        }
        catch (OptionsValidationException ex)
        {
            host.Dispose();
            throw new AppSettingsException("Invalid setting in appsettings.json: " + string.Join("; ", ex.Failures));
        }
    }

    /// <summary>The registered chat model, or null with a message on standard error.</summary>
    public static IChatModel? ModelOrExplain(IHost host, string verb)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Services.GetService<IChatModel>() is { } model) return model;
        Console.Error.WriteLine($"platectl {verb}: no chat model is available in platectl yet (no IChatModel registered). " +
            "Use --facts to see the grounded prompt without a model.");
        return null;
    }
}

/// <summary>Where platectl gets its chat model: the app's LLamaSharp model, loaded at the first question.</summary>
public static class CliChatModel
{
    public static void Add(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddChatModel(loadAtStart: false);
    }
}
