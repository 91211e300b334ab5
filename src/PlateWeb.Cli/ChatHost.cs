using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Chat;
using PlateWeb.Chat.Model;

namespace PlateWeb.Cli;

/// <summary>
/// The chat's services for `platectl ask` and `ask-eval`, wired as the web app wires them (<see cref="CliHost"/>:
/// AddRecognitionEngine, AddPlateData, then AddChatGrounding and the model), in a started host so the data
/// initializer and options validation run as they do at the app's start.
/// </summary>
public static class ChatHost
{
    /// <param name="addServices">The chat model (and, in tests, fakes such as a fixed clock), registered last so they win.</param>
    /// <param name="dataDirectory">Overrides every other data folder setting (--data, or ask-eval's temporary folder).</param>
    public static async Task<IHost> StartAsync(CliContext ctx, Action<IServiceCollection> addServices, string? dataDirectory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(addServices);
        var builder = CliHost.CreateBuilder(ctx).AddPlateServices(ctx);
        // A bad setting is reported once, in words, by StartAsync below; not also as the host's stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", ctx.Has("--verbose") ? LogLevel.Debug : LogLevel.None);
        if (dataDirectory is not null) builder.UseDataDirectory(dataDirectory);
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
            throw AppSettingsException.From(ex);
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
