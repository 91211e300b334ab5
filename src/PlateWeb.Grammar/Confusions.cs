namespace PlateWeb.Recognition.Grammar;

/// <summary>
/// Characters plate OCR commonly mixes up. The weight is how much of the original confidence a
/// substitution keeps: high for shapes that are near identical on plate fonts (O/0, I/1),
/// low for pairs that only merge under blur (A/4, T/1).
/// </summary>
internal static class Confusions
{
    /// <summary>The weight of the pairs plate fonts draw near identical: O and 0, I and 1.</summary>
    public const float NearIdentical = 0.75f;

    private static readonly (char A, char B, float Weight)[] Pairs =
    [
        ('0', 'O', NearIdentical),
        ('0', 'D', 0.55f),
        ('0', 'Q', 0.5f),
        ('O', 'D', 0.5f),
        ('O', 'Q', 0.5f),
        ('1', 'I', NearIdentical),
        ('1', 'L', 0.3f),
        ('1', 'T', 0.25f),
        ('8', 'B', 0.65f),
        ('5', 'S', 0.65f),
        ('2', 'Z', 0.6f),
        ('6', 'G', 0.6f),
        ('4', 'A', 0.25f),
    ];

    private static readonly IReadOnlyDictionary<char, (char To, float Weight)[]> TwinMap = BuildTwins();

    /// <summary>The characters <paramref name="c"/> may really be, with the confidence weight of that substitution.</summary>
    public static IReadOnlyList<(char To, float Weight)> TwinsOf(char c) =>
        TwinMap.TryGetValue(c, out var twins) ? twins : [];

    /// <summary>
    /// Collapses each confusion class to one representative so that texts differing only by
    /// confusions compare equal. Kept to the strongest classes: adding weak ones (A/4, T/1)
    /// would make unrelated plates collide in search.
    /// </summary>
    public static char SkeletonOf(char c) => c switch
    {
        '0' or 'O' or 'D' or 'Q' => '0',
        '1' or 'I' or 'L' => '1',
        '8' or 'B' => '8',
        '5' or 'S' => '5',
        '2' or 'Z' => '2',
        '6' or 'G' => '6',
        _ => c,
    };

    private static Dictionary<char, (char To, float Weight)[]> BuildTwins()
    {
        var map = new Dictionary<char, List<(char, float)>>();
        foreach (var (a, b, w) in Pairs)
        {
            Add(a, b, w);
            Add(b, a, w);
        }

        return map.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());

        void Add(char from, char to, float w)
        {
            if (!map.TryGetValue(from, out var list))
            {
                map[from] = list = [];
            }

            list.Add((to, w));
        }
    }
}
