using PlateWeb.Chat;
using PlateWeb.Chat.Model;

namespace PlateWeb.Web.Features.Chat;

public static class ChatServiceCollectionExtensions
{
    /// <summary>
    /// The chat page's services: the LLamaSharp model (loaded in the background at start unless
    /// <c>Chat:LoadAtStart</c> is false) and the localizer of the chat's texts. <see cref="IChatService"/>
    /// (grounding + model) comes from the grounding layer's AddChatGrounding; the conversation store
    /// comes with <c>AddPlateData</c>.
    /// </summary>
    public static IServiceCollection AddChatFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddChatGrounding();
        services.AddChatModel(loadAtStart: configuration.GetValue($"{ChatOptions.Section}:LoadAtStart", defaultValue: true));
        services.AddLocalization();
        services.AddSingleton<SourceReads>();
        return services;
    }
}
