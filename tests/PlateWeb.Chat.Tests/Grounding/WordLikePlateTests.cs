using PlateWeb.Chat.Evaluation;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Tests.Grounding;

/// <summary>
/// Lower-case plates whose letters are words ("ai 6875": "ai" is French for "have"; "la 135 ye"), on a real SQLite history:
/// found when the history holds them or when they fit a specific format with 3 digits or more; ordinary words never.
/// </summary>
public sealed class WordLikePlateTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    private static readonly SeedRead[] Reads =
    [
        new(1, "AI 6875", "CH", "CH", 0.9, "2026-11-20 08:00"),
        new(2, "AI 6875", "CH", "CH", 0.9, "2026-11-27 09:15"),
        new(3, "AB-123-CD", "FR", "FR-SIV", 0.9, "2026-11-28 10:00"),
        new(4, "LA-135-YE", "FR", "FR-SIV", 0.9, "2026-11-28 11:00"),
        // Stored without a format: only the history makes "le 12 ab" a plate.
        new(5, "LE12AB", null, null, 0.8, "2026-11-26 12:00"),
    ];

    private SeededHistory _history = null!;

    public async Task InitializeAsync() => _history = await SeededHistory.CreateAsync(Reads, Today);

    public async Task DisposeAsync() => await _history.DisposeAsync();

    [Theory]
    [InlineData("when did we see ai 6875?", "en", "AI 6875")]
    [InlineData("quand a-t-on vu ai 6875 ?", "fr", "AI 6875")]
    [InlineData("quand a-t-on vu ab 123 cd ?", "fr", "AB-123-CD")]
    [InlineData("when did we see ab 123 cd?", "en", "AB-123-CD")]
    [InlineData("quand a-t-on vu la 135 ye ?", "fr", "LA-135-YE")]
    [InlineData("when was la 135 ye last seen?", "en", "LA-135-YE")]
    [InlineData("quand a-t-on vu le 12 ab ?", "fr", "LE-12-AB")]
    [InlineData("how many times did we see le 12 ab?", "en", "LE-12-AB")]
    public async Task LowerCasePlate_IsFoundAndLookedUp(string question, string language, string plate)
    {
        var grounded = await _history.AskAsync(question);

        Assert.True(language == grounded.Language, string.Join(" | ", grounded.Facts.Select(f => f.Line)));
        Assert.True(grounded.Facts.Any(f => f.Line.Contains(plate, StringComparison.Ordinal)), string.Join(" | ", grounded.Facts.Select(f => f.Line)));
        Assert.NotEmpty(grounded.Facts);
        Assert.All(grounded.Facts, f => Assert.DoesNotContain("not found", f.Line, StringComparison.Ordinal));
        Assert.Contains(grounded.Facts, f => f.Line.Contains(plate, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("when did we see ai 1234?", "not found: AI 1234")]
    [InlineData("quand a-t-on vu ai 1234 ?", "not found: AI 1234")]
    public async Task LowerCasePlate_FittingASpecificFormat_IsLookedUpEvenWhenAbsent(string question, string fact)
    {
        var grounded = await _history.AskAsync(question);

        Assert.Equal([fact], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("How many reads at 10 am?")]
    [InlineData("Combien de lectures en 2026 ?")]
    [InlineData("Combien de lectures le 12 ?")]
    [InlineData("How many reads in the last 30 days?")]
    [InlineData("Quelles plaques ont été vues la semaine dernière ?")]
    public async Task OrdinaryWords_AreNoPlate(string question)
    {
        var grounded = await _history.AskAsync(question);

        Assert.All(grounded.Facts, f => Assert.DoesNotContain("not found", f.Line, StringComparison.Ordinal));
        Assert.DoesNotContain(grounded.Facts, f => f.Line.Contains("LE12AB", StringComparison.Ordinal) && !f.Line.StartsWith("read", StringComparison.Ordinal));
    }
}
