using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlateWeb.Chat.Model;

public static class ChatModelServiceCollectionExtensions
{
    /// <summary>
    /// The LLamaSharp model behind <see cref="IChatModel"/> (a singleton), section "Chat", with the model
    /// path taken from the content root. <paramref name="loadAtStart"/> loads the weights in the background
    /// as the host starts (the web app); otherwise the first request loads them.
    /// </summary>
    public static IServiceCollection AddChatModel(this IServiceCollection services, bool loadAtStart = true)
    {
        services.AddOptions<ChatOptions>()
            .BindConfiguration(ChatOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(sp => new LlamaChatModel(
            sp.GetRequiredService<IOptions<ChatOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath,
            sp.GetRequiredService<ILogger<LlamaChatModel>>()));
        services.TryAddSingleton<IChatModel>(sp => sp.GetRequiredService<LlamaChatModel>());
        if (loadAtStart) services.AddHostedService<ChatModelWarmup>();
        return services;
    }
}
