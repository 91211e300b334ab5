using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlateWeb.Chat.Checking.Rules;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Checking;

public static class AnswerCheckServiceCollectionExtensions
{
    /// <summary>
    /// The answer check: <see cref="AnswerChecker"/> with every <see cref="IAnswerRule"/> (a new rule is one
    /// class and one line here) and the <see cref="FactRenderer"/> that replaces an answer that fails.
    /// </summary>
    public static IServiceCollection AddAnswerCheck(this IServiceCollection services)
    {
        services.AddPlateGrammar();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnswerRule, CitationRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnswerRule, UnknownValueRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnswerRule, KeyValueRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnswerRule, LanguageRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnswerRule, RepetitionRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnswerRule, GarbleRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnswerRule, CameraRule>());
        services.TryAddSingleton<AnswerChecker>();
        services.TryAddSingleton<FactRenderer>();
        return services;
    }

    /// <summary>Every rule, for code without a container (tests, tools).</summary>
    public static AnswerChecker DefaultChecker(PlateGrammar grammar) =>
        new([new CitationRule(), new UnknownValueRule(), new KeyValueRule(), new LanguageRule(), new RepetitionRule(), new GarbleRule(), new CameraRule()], grammar);
}
