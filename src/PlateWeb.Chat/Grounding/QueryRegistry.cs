using System.Reflection;

namespace PlateWeb.Chat.Grounding;

/// <summary>
/// Every <see cref="IAggregate"/> and <see cref="IFilterParser"/> of this assembly, found once by reflection
/// (each has a parameterless constructor): adding a kind of question is adding a class, no list to edit.
/// </summary>
internal sealed class QueryRegistry
{
    public static QueryRegistry Default { get; } = new(typeof(QueryRegistry).Assembly);

    private QueryRegistry(Assembly assembly)
    {
        var types = assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null).ToList();
        Aggregates = types.Where(t => typeof(IAggregate).IsAssignableFrom(t)).Select(t => (IAggregate)Activator.CreateInstance(t)!).ToList();
        Filters = types.Where(t => typeof(IFilterParser).IsAssignableFrom(t)).OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IFilterParser)Activator.CreateInstance(t)!).ToList();
        ByWords = Aggregates.Where(a => a.WordOrder is not null).OrderBy(a => a.WordOrder).ToList();
        ByShape = Aggregates.Where(a => a.ShapeOrder is not null).OrderBy(a => a.ShapeOrder).ToList();
        var duplicate = Aggregates.GroupBy(a => a.Asked).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two aggregates answer Asked: {duplicate.Key}.");
    }

    public IReadOnlyList<IAggregate> Aggregates { get; }

    public IReadOnlyList<IFilterParser> Filters { get; }

    public IReadOnlyList<IAggregate> ByWords { get; }

    public IReadOnlyList<IAggregate> ByShape { get; }

    public IAggregate Get(string asked) => Aggregates.Single(a => a.Asked == asked);
}
