using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PlateWeb.Recognition.Grammar;

public static class GrammarServiceCollectionExtensions
{
    /// <summary>
    /// The one <see cref="PlateGrammar"/> of the process: <see cref="PlateGrammar.Default"/>, the instance the
    /// recognition engine also reads with, so the engine, the data layer and the chat agree on every format.
    /// Safe to call from every feature that needs it; the first registration stands.
    /// </summary>
    public static IServiceCollection AddPlateGrammar(this IServiceCollection services)
    {
        // An instance, not a type: PlateGrammar's other constructor takes IEnumerable<PlateFormat>, which DI would fill with nothing.
        services.TryAddSingleton(PlateGrammar.Default);
        return services;
    }
}
