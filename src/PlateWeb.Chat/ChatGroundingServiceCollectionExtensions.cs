using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlateWeb.Chat.Checking;
using PlateWeb.Chat.Grounding;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat;

public static class ChatGroundingServiceCollectionExtensions
{
    /// <summary>
    /// The chat without its model: <see cref="ChatOptions"/> (section "Chat", validated at start),
    /// <see cref="IGroundingService"/>, the answer check (<see cref="AnswerCheckServiceCollectionExtensions.AddAnswerCheck"/>)
    /// and <see cref="IChatService"/>. Needs the data registration
    /// (<c>AddPlateData</c>, for <c>IDbContextFactory&lt;PlateDbContext&gt;</c>) and one <see cref="IChatModel"/>,
    /// registered separately (LLamaSharp in the app, a fake in tests).
    /// </summary>
    public static IServiceCollection AddChatGrounding(this IServiceCollection services)
    {
        services.AddOptions<ChatOptions>()
            .BindConfiguration(ChatOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddPlateGrammar();
        services.TryAddSingleton<IGroundingService, GroundingService>();
        services.AddAnswerCheck();
        services.TryAddSingleton<IChatService, ChatService>();
        return services;
    }
}
