using PlateWeb.Chat.Evaluation;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>Three cameras and an upload. Today is Sunday 2026-11-29 in Paris.</summary>
public sealed class CameraHistoryFixture : IAsyncLifetime
{
    public static IReadOnlyList<SeedRead> Reads { get; } =
    [
        new(1, "AB-123-CD", "FR", "FR-SIV", 0.93, "2026-11-29 08:14", Camera: "Gate"),
        new(2, "AB-123-CD", "FR", "FR-SIV", 0.88, "2026-11-29 12:00", Camera: "Entrée"),
        new(3, "GH-456-JK", "FR", "FR-SIV", 0.97, "2026-11-29 09:05", Camera: "Gate"),
        new(4, "B-MW 1234", "DE", "DE", 0.85, "2026-11-28 10:30", Camera: "Entrée"),
        new(5, "AB-987-ZZ", "FR", "FR-SIV", 0.60, "2026-11-28 08:00"),
        new(6, "AB-123-CD", "FR", "FR-SIV", 0.91, "2026-11-27 17:02", Camera: "Exit"),
        new(7, "EF-458-GH", "FR", "FR-SIV", 0.55, "2026-11-29 14:00", CorrectedFrom: "EF-456-GH", Camera: "Gate"),
    ];

    public SeededHistory History { get; private set; } = null!;

    public async Task InitializeAsync() => History = await SeededHistory.CreateAsync(Reads, HistoryFixture.Today);

    public async Task DisposeAsync() => await History.DisposeAsync();
}

/// <summary>"at camera Gate", "at the gate camera", "à la caméra Entrée": the reads of one camera of the history.</summary>
public sealed class CameraFilterTests(CameraHistoryFixture fixture) : IClassFixture<CameraHistoryFixture>
{
    private SeededHistory History => fixture.History;

    private async Task<string[]> Lines(string question) => (await History.AskAsync(question)).Facts.Select(f => f.Line).ToArray();

    [Fact]
    public async Task WhichPlates_AtCameraToday_ListsThatCameraOnly()
    {
        var grounded = await History.AskAsync("Which plates passed at camera Gate today?");

        Assert.Equal(("list", "en", "2026-11-29 to 2026-11-29"), (grounded.Intent, grounded.Language, grounded.Period));
        Assert.Equal(
        [
            "read #7: EF-458-GH at 2026-11-29 14:00, country FR (France), confidence 55%, corrected from EF-456-GH, camera Gate",
            "read #3: GH-456-JK at 2026-11-29 09:05, country FR (France), confidence 97%, camera Gate",
            "read #1: AB-123-CD at 2026-11-29 08:14, country FR (France), confidence 93%, camera Gate",
        ], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("How many reads at the gate camera?", "en", "count: 3 reads at camera Gate")]
    [InlineData("How many reads at camera GATE?", "en", "count: 3 reads at camera Gate")]
    [InlineData("How many reads at camera Entrée?", "en", "count: 2 reads at camera Entrée")]
    [InlineData("How many reads from camera entree?", "en", "count: 2 reads at camera Entrée")]
    [InlineData("Combien de lectures par la caméra Exit ?", "fr", "count: 1 read at camera Exit")]
    public async Task Count_AtCamera_CountsItsReads(string question, string language, string fact)
    {
        var grounded = await History.AskAsync(question);

        Assert.Equal(("count", language), (grounded.Intent, grounded.Language));
        Assert.Equal([fact], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Fact]
    public async Task FrenchList_AtCameraYesterday_NamesTheCameraOnEachRead()
    {
        var grounded = await History.AskAsync("Quelles plaques à la caméra Entrée hier ?");

        Assert.Equal(("list", "fr", "2026-11-28 to 2026-11-28"), (grounded.Intent, grounded.Language, grounded.Period));
        Assert.Equal(["read #4: B-MW 1234 at 2026-11-28 10:30, country DE (Allemagne), confidence 85%, camera Entrée"], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Fact]
    public async Task Upload_ReadLine_HasNoCamera()
    {
        Assert.Contains("read #5: AB-987-ZZ at 2026-11-28 08:00, country FR (France), confidence 60%", await Lines("Which plates yesterday?"));
    }

    [Fact]
    public async Task CountWithOtherFilters_CameraTailComesFirst()
    {
        Assert.Equal(["count: 2 reads at camera Gate with confidence above 90%"], await Lines("How many reads at camera Gate with a confidence above 90%?"));
    }

    [Theory]
    [InlineData("When was AB-123-CD last seen at camera Exit?", "plate AB-123-CD: 1 read, first 2026-11-27 17:02, last 2026-11-27 17:02, country FR (France), best confidence 91%")]
    [InlineData("When was AB-123-CD first seen at camera Gate?", "plate AB-123-CD: 1 read, first 2026-11-29 08:14, last 2026-11-29 08:14, country FR (France), best confidence 93%")]
    [InlineData("Quand AB-123-CD a-t-elle été vue pour la dernière fois à la caméra Entrée ?", "plate AB-123-CD: 1 read, first 2026-11-29 12:00, last 2026-11-29 12:00, country FR (France), best confidence 88%")]
    public async Task FirstOrLastSeen_AtCamera_UsesThatCamerasReads(string question, string fact)
    {
        Assert.Equal([fact], await Lines(question));
    }

    [Fact]
    public async Task LastSeen_NeverAtThatCamera_SaysSoThenTheWholeSummary()
    {
        Assert.Equal(
        [
            "count: 0 reads of GH-456-JK at camera Exit",
            "plate GH-456-JK: 1 read, first 2026-11-29 09:05, last 2026-11-29 09:05, country FR (France), best confidence 97%",
        ], await Lines("When was GH-456-JK last seen at camera Exit?"));
    }

    [Theory]
    [InlineData("Which plates did the camera catch today?")]
    [InlineData("How many reads at the gate today?")]
    public async Task NoCameraOfTheHistoryNamed_NoCameraFilter(string question)
    {
        var grounded = await History.AskAsync(question);

        Assert.DoesNotContain(grounded.Facts, f => f.Line.Contains("at camera", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Grounded_ListsTheHistorysCameras_ForTheAnswerCheck()
    {
        Assert.Equal(["Gate", "Entrée", "Exit"], (await History.AskAsync("How many reads?")).Cameras);
    }

    [Fact]
    public async Task TwoCamerasFoldedAlike_BothCount()
    {
        await using var history = await SeededHistory.CreateAsync(
            [new(1, "AB-123-CD", "FR", "FR-SIV", 0.9, "2026-11-29 08:00", Camera: "Entrée"), new(2, "GH-456-JK", "FR", "FR-SIV", 0.9, "2026-11-29 09:00", Camera: "Entree")],
            HistoryFixture.Today);

        var grounded = await history.AskAsync("How many reads at camera ENTREE?");

        Assert.Equal([2L, 1L], grounded.Facts.Single().ReadIds);
    }
}
