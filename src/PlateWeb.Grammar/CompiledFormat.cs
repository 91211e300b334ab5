using System.Globalization;
using System.Text;

namespace PlateWeb.Recognition.Grammar;

/// <summary>One fixed-length reading of a pattern: what each position accepts and where separators go.</summary>
internal sealed class Expansion(ulong[] slots, string?[] separatorBefore)
{
    public ulong[] Slots { get; } = slots;

    public int Length => Slots.Length;

    public bool Accepts(string text)
    {
        if (text.Length != Slots.Length)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (!CharClasses.Accepts(Slots[i], text[i]))
            {
                return false;
            }
        }

        return true;
    }

    public string Display(string text)
    {
        var sb = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && separatorBefore[i] is { } sep)
            {
                sb.Append(sep);
            }

            sb.Append(text[i]);
        }

        return sb.ToString();
    }
}

/// <summary>
/// A <see cref="PlateFormat"/> expanded into all its fixed-length layouts. Immutable once built,
/// so a single instance is shared by concurrent <see cref="PlateGrammar"/> calls.
/// </summary>
internal sealed class CompiledFormat
{
    // Variable-length formats (German) expand combinatorially; this guard catches a typo like A{1,9}A{1,9}A{1,9}.
    private const int MaxExpansions = 4096;

    private readonly Expansion[][] _byLength;

    private CompiledFormat(PlateFormat format, Expansion[][] byLength)
    {
        Format = format;
        _byLength = byLength;
    }

    public PlateFormat Format { get; }

    public IReadOnlyList<Expansion> WithLength(int length) =>
        length >= 0 && length < _byLength.Length ? _byLength[length] : [];

    /// <summary>Whole-text rules that a per-position pattern cannot express.</summary>
    public bool SatisfiesConstraints(string text)
    {
        var f = Format;
        if (f.MinLetters > 0 || f.MinDigits > 0)
        {
            int letters = 0, digits = 0;
            foreach (var c in text)
            {
                if (CharClasses.IsLetter(c))
                {
                    letters++;
                }
                else if (CharClasses.IsDigit(c))
                {
                    digits++;
                }
            }

            if (letters < f.MinLetters || digits < f.MinDigits)
            {
                return false;
            }
        }

        if (f.Validate is { } validate && !validate(text))
        {
            return false;
        }

        if (f.Prefixes is { Count: > 0 } prefixes)
        {
            foreach (var p in prefixes)
            {
                if (text.StartsWith(p, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    /// <summary>The first layout of this format that <paramref name="text"/> fits exactly, or null.</summary>
    public Expansion? FindExact(string text)
    {
        // Length first: the whole-text rules may assume a text the format's length (they cut it at fixed places).
        var expansions = WithLength(text.Length);
        if (expansions.Count == 0 || !SatisfiesConstraints(text))
        {
            return null;
        }

        foreach (var e in expansions)
        {
            if (e.Accepts(text))
            {
                return e;
            }
        }

        return null;
    }

    public static CompiledFormat Compile(PlateFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var groups = Parse(format);
        var maxLength = format.MaxLength ?? int.MaxValue;
        var expansions = new List<Expansion>();
        var counts = new int[groups.Count];

        void Expand(int g)
        {
            if (g == groups.Count)
            {
                var total = counts.Sum();
                if (total > 0 && total <= maxLength)
                {
                    if (expansions.Count >= MaxExpansions)
                    {
                        throw new FormatException($"Pattern of {format.Id} expands to too many layouts.");
                    }

                    expansions.Add(Build(groups, counts));
                }

                return;
            }

            for (var k = groups[g].Min; k <= groups[g].Max; k++)
            {
                counts[g] = k;
                Expand(g + 1);
            }
        }

        Expand(0);
        if (expansions.Count == 0)
        {
            throw new FormatException($"Pattern of {format.Id} accepts no text.");
        }

        var longest = expansions.Max(e => e.Length);
        var byLength = new Expansion[longest + 1][];
        for (var n = 0; n <= longest; n++)
        {
            byLength[n] = expansions.Where(e => e.Length == n).ToArray();
        }

        return new CompiledFormat(format, byLength);
    }

    private static Expansion Build(List<Group> groups, int[] counts)
    {
        var slots = new List<ulong>();
        var seps = new List<string?>();
        for (var g = 0; g < groups.Count; g++)
        {
            for (var j = 0; j < counts[g]; j++)
            {
                // A separator belongs in front of the group's first character, never at the very start.
                seps.Add(j == 0 && slots.Count > 0 ? groups[g].Separator : null);
                slots.Add(groups[g].Mask);
            }
        }

        return new Expansion([.. slots], [.. seps]);
    }

    private readonly record struct Group(ulong Mask, int Min, int Max, string? Separator);

    private static List<Group> Parse(PlateFormat format)
    {
        var p = format.Pattern;
        var excluded = CharClasses.Of(format.ExcludedLetters);
        var groups = new List<Group>();
        string? separator = null;
        var i = 0;
        while (i < p.Length)
        {
            var c = p[i];
            if (c is '-' or ' ' or '.')
            {
                separator += c;
                i++;
                continue;
            }

            ulong mask;
            switch (c)
            {
                case 'L':
                    mask = CharClasses.Letters & ~excluded;
                    i++;
                    break;
                case 'D':
                    mask = CharClasses.Digits;
                    i++;
                    break;
                case 'A':
                    mask = CharClasses.Alnum & ~excluded;
                    i++;
                    break;
                case 'C':
                    mask = CharClasses.Consonants & ~excluded;
                    i++;
                    break;
                case '[':
                    var close = p.IndexOf(']', i);
                    if (close < 0)
                    {
                        throw Error(format, i, "unclosed '['");
                    }

                    var body = p[(i + 1)..close];
                    mask = body.StartsWith('^')
                        ? CharClasses.Alnum & ~CharClasses.Of(body[1..])
                        : CharClasses.Of(body);
                    i = close + 1;
                    break;
                default:
                    throw Error(format, i, $"unexpected '{c}'");
            }

            if (mask == 0)
            {
                throw Error(format, i, "a position accepts no character");
            }

            int min = 1, max = 1;
            if (i < p.Length && p[i] == '?')
            {
                min = 0;
                i++;
            }
            else if (i < p.Length && p[i] == '{')
            {
                var close = p.IndexOf('}', i);
                if (close < 0)
                {
                    throw Error(format, i, "unclosed '{'");
                }

                var parts = p[(i + 1)..close].Split(',');
                min = int.Parse(parts[0], CultureInfo.InvariantCulture);
                max = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : min;
                if (min < 0 || max < min)
                {
                    throw Error(format, i, "bad quantifier");
                }

                i = close + 1;
            }

            groups.Add(new Group(mask, min, max, separator));
            separator = null;
        }

        return groups;
    }

    private static FormatException Error(PlateFormat format, int index, string what) =>
        new($"Pattern '{format.Pattern}' of {format.Id}: {what} at {index}.");
}
