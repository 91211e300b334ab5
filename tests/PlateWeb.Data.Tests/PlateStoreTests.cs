using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;

using static PlateWeb.Data.Tests.TestReads;

namespace PlateWeb.Data.Tests;

public abstract class PlateStoreTests(TempDatabase db) : IAsyncLifetime
{
    private protected readonly TempDatabase _db = db;

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Store_NewImage_WritesFileAndRows()
    {
        var bytes = FakePng(1);

        var result = await _db.Store.StoreAsync(bytes, "car.png", 640, 480, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);

        Assert.False(result.AlreadyStored);
        var path = _db.Store.GetFullPath(result.Image);
        Assert.True(File.Exists(path));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Matches(@"^images/[0-9a-f]{2}/[0-9a-f]{64}\.png$", result.Image.StoredPath);
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        var read = await db.Reads.Include(r => r.Image).SingleAsync();
        Assert.Equal("AB-123-CD", read.Text);
        Assert.Equal("AB123CD", read.NormalizedText);
        Assert.Equal(PlateGrammar.Skeleton("AB123CD"), read.Skeleton);
        Assert.Equal(8, read.Quad.Length);
        Assert.Equal("car.png", read.Image!.OriginalFileName);
        Assert.Equal("AB123CD", PlateStore.Candidates(read)[0].Text);
    }

    [Fact]
    public async Task Store_IdenticalReupload_ReturnsTheSameImage()
    {
        var bytes = FakePng(2);
        var first = await _db.Store.StoreAsync(bytes, "a.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);

        var second = await _db.Store.StoreAsync(bytes, "copy-of-a.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);

        Assert.True(second.AlreadyStored);
        Assert.Equal(first.Image.Id, second.Image.Id);
        Assert.Single(second.Image.Reads);
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        Assert.Equal(1, await db.Images.CountAsync());
        Assert.Equal(1, await db.Reads.CountAsync());
    }

    [Fact]
    public async Task Store_NoPlate_MarksTheImage()
    {
        var result = await _db.Store.StoreAsync(FakePng(3), "empty.png", 10, 10, [], CancellationToken.None);

        Assert.True(result.Image.NoPlateFound);
        Assert.Empty((await _db.Store.FindImageAsync(result.Image.Id, CancellationToken.None))!.Reads);
    }

    [Fact]
    public async Task SweepOrphans_DeletesOldFileWithoutRow_KeepsFileWithRow()
    {
        var kept = await _db.Store.StoreAsync(FakePng(4), "kept.png", 10, 10, [], CancellationToken.None);
        var orphan = await WriteOrphanAsync('e', FakePng(5), age: TimeSpan.FromHours(2));

        var deleted = await _db.Store.SweepOrphansAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(_db.Store.GetFullPath(kept.Image)));
    }

    [Fact]
    public async Task SweepOrphans_FileYoungerThanTheSafeAge_IsKept()
    {
        // What another process (the app, between writing a file and committing its row) has just written.
        var fresh = await WriteOrphanAsync('f', FakePng(8), age: TimeSpan.Zero);
        var writing = fresh + ".0123456789abcdef.tmp";
        await File.WriteAllBytesAsync(writing, FakePng(9));
        var nearlyOld = await WriteOrphanAsync('d', FakePng(10), age: PlateStore.OrphanSafeAge - TimeSpan.FromMinutes(5));

        var deleted = await _db.Store.SweepOrphansAsync(CancellationToken.None);

        Assert.Equal(0, deleted);
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(writing));
        Assert.True(File.Exists(nearlyOld));
    }

    [Fact]
    public async Task Store_SameBytesAsAnOldOrphanFile_RefreshesItSoASweepKeepsIt()
    {
        var bytes = FakePng(11);
        var orphan = await WriteOrphanAsync('0', bytes, age: TimeSpan.FromHours(2), sha: PlateStore.Sha256Hex(bytes));

        // The file is reused (content-addressed); it must become young again, since its row comes after it.
        var stored = await _db.Store.StoreAsync(bytes, "again.png", 10, 10, [], CancellationToken.None);

        Assert.Equal(orphan, _db.Store.GetFullPath(stored.Image));
        Assert.True(DateTime.UtcNow - File.GetLastWriteTimeUtc(orphan) < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Search_ConfusedQuery_FindsPlateBySkeleton()
    {
        await _db.Store.StoreAsync(FakePng(6), "fr.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        await _db.Store.StoreAsync(FakePng(7), "de.png", 10, 10, [Read("MAB1234", "M-AB 1234")], CancellationToken.None);

        var page = await _db.Queries.SearchAsync(new ReadQuery("A8I23CD"), CancellationToken.None);

        var row = Assert.Single(page.Items);
        Assert.Equal("AB-123-CD", row.Text);
        Assert.Equal(1, page.TotalCount);
        Assert.Equal("fr.png", row.FileName);
    }

    [Theory]
    [InlineData(ReadSort.CreatedAt, true, "KK123LL,ZZ123AA,AB123CD")]
    [InlineData(ReadSort.CreatedAt, false, "AB123CD,ZZ123AA,KK123LL")]
    [InlineData(ReadSort.Text, false, "AB123CD,KK123LL,ZZ123AA")]
    [InlineData(ReadSort.Text, true, "ZZ123AA,KK123LL,AB123CD")]
    [InlineData(ReadSort.Confidence, true, "ZZ123AA,KK123LL,AB123CD")]
    [InlineData(ReadSort.Country, false, "ZZ123AA,AB123CD,KK123LL")]
    public async Task Search_EachSort_OrdersTheMatchesOnly(ReadSort sort, bool descending, string expected)
    {
        await _db.Store.StoreAsync(FakePng(40), "a.png", 10, 10, [Read("AB123CD", "AB123CD", 0.7f, "FR")], CancellationToken.None);
        await Task.Delay(5);
        await _db.Store.StoreAsync(FakePng(41), "z.png", 10, 10, [Read("ZZ123AA", "ZZ123AA", 0.95f, "DE")], CancellationToken.None);
        await Task.Delay(5);
        await _db.Store.StoreAsync(FakePng(42), "k.png", 10, 10, [Read("KK123LL", "KK123LL", 0.8f, "IT"), Read("GH456JK", "GH456JK")], CancellationToken.None);

        var page = await _db.Queries.SearchAsync(new ReadQuery("123", Sort: sort, Descending: descending), CancellationToken.None);

        Assert.Equal(expected, string.Join(',', page.Items.Select(r => r.Text)));
        Assert.Equal(3, page.TotalCount);
    }

    [Theory]
    [InlineData(600)]   // was a 500: "Expression tree is too large"
    [InlineData(3000)]  // was a stack overflow that ended the process
    public async Task Search_LongerThanAPlate_IsRefusedInWords(int length)
    {
        await _db.Store.StoreAsync(FakePng(12), "fr.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);

        var ex = await Assert.ThrowsAsync<SearchTooLongException>(() =>
            _db.Queries.SearchAsync(new ReadQuery(string.Concat(Enumerable.Repeat("AB123CD", length / 7 + 1))[..length]), CancellationToken.None));

        Assert.Contains($"at most {ReadQuery.MaxSearchCharacters} letters and digits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_AtTheCapWithOneCharacterMissing_FindsThePlate()
    {
        // The longest search allowed, as many LIKE patterns as a search can have, in one query.
        var longText = "AB123CDEF456GHJ789KLMN012PQRS345";
        Assert.Equal(ReadQuery.MaxSearchCharacters, longText.Length);
        await _db.Store.StoreAsync(FakePng(13), "long.png", 10, 10, [Read(longText, longText)], CancellationToken.None);
        await _db.Store.StoreAsync(FakePng(14), "fr.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);

        var page = await _db.Queries.SearchAsync(new ReadQuery(" " + longText.Remove(20, 1).Replace('B', '8') + "-"), CancellationToken.None);
        var withSeparators = await _db.Queries.SearchAsync(new ReadQuery(string.Join('-', longText.Chunk(4).Select(c => new string(c)))), CancellationToken.None);

        Assert.Equal(longText, Assert.Single(page.Items).Text);
        Assert.Equal(longText, Assert.Single(withSeparators.Items).Text);
    }

    [Theory]
    [InlineData("AB12CD")]   // one character missing
    [InlineData("AB1234CD")] // one character too many
    [InlineData("A8I2CD")]   // a confusion and a missing character
    [InlineData("123C")]     // part of the plate
    public async Task Search_OneCharacterOffOrPartial_StillFindsThePlate(string query)
    {
        await _db.Store.StoreAsync(FakePng(60), "fr.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        await _db.Store.StoreAsync(FakePng(61), "uk.png", 10, 10, [Read("LR61XPT", "LR61 XPT")], CancellationToken.None);

        var page = await _db.Queries.SearchAsync(new ReadQuery(query), CancellationToken.None);

        Assert.Equal("AB-123-CD", Assert.Single(page.Items).Text);
    }

    [Fact]
    public void SearchPatterns_ShortQuery_OnlyExact()
    {
        Assert.Equal(["%A8C%"], ReadQueries.SearchPatterns("A8C"));
        Assert.Contains("%A8_123%", ReadQueries.SearchPatterns("A8123"));
        Assert.Contains("%A823%", ReadQueries.SearchPatterns("A8123"));
    }

    [Fact]
    public async Task Search_NoText_PagesNewestFirst()
    {
        for (var i = 0; i < 3; i++)
        {
            await _db.Store.StoreAsync(FakePng(10 + i), $"{i}.png", 10, 10, [Read($"AB12{i}CD", $"AB-12{i}-CD")], CancellationToken.None);
        }

        var page = await _db.Queries.SearchAsync(new ReadQuery(Skip: 0, Take: 2), CancellationToken.None);

        Assert.Equal(3, page.TotalCount);
        Assert.Equal(["AB-122-CD", "AB-121-CD"], page.Items.Select(r => r.Text));
    }

    [Fact]
    public async Task Correct_Read_KeepsOcrTextAndIsFoundByCorrection()
    {
        var stored = await _db.Store.StoreAsync(FakePng(20), "fr.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        var readId = stored.Image.Reads[0].Id;

        var corrected = await _db.Store.CorrectAsync(readId, " gh-456-jk ", CancellationToken.None);

        Assert.Equal("GH-456-JK", corrected!.CorrectedText);
        Assert.Equal("AB-123-CD", corrected.Text);
        Assert.NotNull(corrected.CorrectedAt);
        var page = await _db.Queries.SearchAsync(new ReadQuery("GH456JK"), CancellationToken.None);
        Assert.Equal("GH-456-JK", Assert.Single(page.Items).CorrectedText);

        var reverted = await _db.Store.CorrectAsync(readId, "", CancellationToken.None);
        Assert.Null(reverted!.CorrectedText);
        Assert.Empty((await _db.Queries.SearchAsync(new ReadQuery("GH456JK"), CancellationToken.None)).Items);
        Assert.Null(await _db.Store.CorrectAsync(999, "X", CancellationToken.None));
    }

    [Fact]
    public async Task Correct_ReadsTheCorrectedTextAgain_AndRemovingItPutsTheEngineReadingBack()
    {
        var stored = await _db.Store.StoreAsync(FakePng(21), "fr.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        var readId = stored.Image.Reads[0].Id;

        // O is not used on French SIV plates: the corrected text is a Slovak plate.
        var corrected = await _db.Store.CorrectAsync(readId, "PP587AO", CancellationToken.None, "alice");

        Assert.Equal(("SK", "SK", "alice"), (corrected!.Country, corrected.Format, corrected.CorrectedBy));
        Assert.Contains("Slovak", corrected.Explanation, StringComparison.Ordinal);
        Assert.Equal(("FR", "FR-SIV", "French SIV format"), (corrected.OcrCountry, corrected.OcrFormat, corrected.OcrExplanation));
        var listed = Assert.Single((await _db.Queries.SearchAsync(new ReadQuery(Country: "SK"), CancellationToken.None)).Items);
        Assert.Equal(readId, listed.Id);

        // A second correction keeps the engine's reading aside, not the first correction's; the
        // engine's country is the hint (GH-456-JK is French SIV, not another country's layout).
        var again = await _db.Store.CorrectAsync(readId, "GH-456-JK", CancellationToken.None, "bob");
        Assert.Equal(("FR", "FR-SIV", "bob"), (again!.Country, again.Format, again.CorrectedBy));
        Assert.Equal(("FR", "FR-SIV"), (again.OcrCountry, again.OcrFormat));

        var reverted = await _db.Store.CorrectAsync(readId, "", CancellationToken.None, "bob");
        Assert.Equal(("FR", "FR-SIV", "French SIV format"), (reverted!.Country, reverted.Format, reverted.Explanation));
        Assert.Equal((null, null, null, null), (reverted.CorrectedBy, reverted.OcrCountry, reverted.OcrFormat, reverted.OcrExplanation));
    }

    [Fact]
    public async Task EffectiveText_IsTheEngineTextOnInsert_TheCorrectionWhileItStands_AndTheEngineTextAgainWhenItIsRemoved()
    {
        var stored = await _db.Store.StoreAsync(FakePng(22), "fr.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        var readId = stored.Image.Reads[0].Id;
        Assert.Equal("AB123CD", await StoredEffectiveTextAsync(readId));

        var corrected = await _db.Store.CorrectAsync(readId, "gh-456 jk.", CancellationToken.None);
        Assert.Equal("GH456JK", corrected!.EffectiveText);
        Assert.Equal("GH456JK", await StoredEffectiveTextAsync(readId));

        await _db.Store.CorrectAsync(readId, "XY-789-ZA", CancellationToken.None);
        Assert.Equal("XY789ZA", await StoredEffectiveTextAsync(readId));

        var reverted = await _db.Store.CorrectAsync(readId, "", CancellationToken.None);
        Assert.Equal("AB123CD", reverted!.EffectiveText);
        Assert.Equal("AB123CD", await StoredEffectiveTextAsync(readId));
    }

    // Read back with SQL, not through the entity, so the test sees the column as the chat's queries do.
    private async Task<string> StoredEffectiveTextAsync(long readId)
    {
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        return await db.Database.SqlQuery<string>($"""SELECT "EffectiveText" AS "Value" FROM "PlateReads" WHERE "Id" = {readId}""").SingleAsync();
    }

    [Fact]
    public async Task Correct_TextThatFitsNoFormat_KeepsTheEngineCountry_WithoutAFormat()
    {
        var stored = await _db.Store.StoreAsync(FakePng(22), "fr.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);

        var corrected = await _db.Store.CorrectAsync(stored.Image.Reads[0].Id, "X", CancellationToken.None);

        Assert.Equal(("FR", null, null, null), (corrected!.Country, corrected.Format, corrected.Explanation, corrected.CorrectedBy));
    }

    [Fact]
    public async Task Search_Filters_CountryConfidenceAndDates()
    {
        await _db.Store.StoreAsync(FakePng(30), "fr.png", 10, 10, [Read("AB123CD", "AB-123-CD", 0.9f, "FR")], CancellationToken.None);
        await _db.Store.StoreAsync(FakePng(31), "de.png", 10, 10, [Read("MAB1234", "M-AB 1234", 0.4f, "DE")], CancellationToken.None);
        var now = DateTime.UtcNow;

        Assert.Equal("M-AB 1234", Assert.Single((await _db.Queries.SearchAsync(new ReadQuery(Country: "DE"), default)).Items).Text);
        Assert.Equal("AB-123-CD", Assert.Single((await _db.Queries.SearchAsync(new ReadQuery(MinConfidence: 0.5f), default)).Items).Text);
        Assert.Equal(2, (await _db.Queries.SearchAsync(new ReadQuery(From: now.AddHours(-1), To: now.AddHours(1)), default)).TotalCount);
        Assert.Empty((await _db.Queries.SearchAsync(new ReadQuery(From: now.AddHours(1)), default)).Items);
        Assert.Equal(["DE", "FR"], await _db.Queries.CountriesAsync(default));
        var exported = new List<ReadRow>();
        await foreach (var row in _db.Queries.ExportAsync(new ReadQuery(Take: 1, Sort: ReadSort.Text, Descending: false), default)) exported.Add(row);
        Assert.Equal(["AB-123-CD", "M-AB 1234"], exported.Select(r => r.Text));
    }

    [Fact]
    public async Task Stats_CountPerDayCountryAndPlate()
    {
        await _db.Store.StoreAsync(FakePng(50), "a.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default);
        await _db.Store.StoreAsync(FakePng(51), "b.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default);
        await _db.Store.StoreAsync(FakePng(52), "c.png", 10, 10, [Read("MAB1234", "M-AB 1234", country: "DE")], default);

        var stats = await _db.Queries.StatsAsync(new ReadQuery(), days: 30, top: 10, TimeZoneInfo.Utc, default);

        var day = Assert.Single(stats.PerDay);
        Assert.Equal((DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), 3), (day.Label, day.Count));
        Assert.Equal([new LabelCount("FR", 2), new LabelCount("DE", 1)], stats.PerCountry);
        Assert.Equal([new LabelCount("AB-123-CD", 2), new LabelCount("M-AB 1234", 1)], stats.TopPlates);
    }

    [Fact]
    public async Task Delete_ReadKeepsImage_ImageTakesReadsAndFile()
    {
        var stored = await _db.Store.StoreAsync(FakePng(40), "two.png", 10, 10,
            [Read("AB123CD", "AB-123-CD"), Read("GH456JK", "GH-456-JK")], CancellationToken.None);
        var path = _db.Store.GetFullPath(stored.Image);

        Assert.True(await _db.Store.DeleteReadAsync(stored.Image.Reads[0].Id, default));
        Assert.Single((await _db.Store.FindImageAsync(stored.Image.Id, default))!.Reads);
        Assert.True(File.Exists(path));

        Assert.True(await _db.Store.DeleteImageAsync(stored.Image.Id, default));
        Assert.Null(await _db.Store.FindImageAsync(stored.Image.Id, default));
        Assert.False(File.Exists(path));
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        Assert.Equal(0, await db.Reads.CountAsync());
        Assert.False(await _db.Store.DeleteImageAsync(stored.Image.Id, default));
    }

    private async Task<string> WriteOrphanAsync(char fill, byte[] bytes, TimeSpan age, string? sha = null)
    {
        var path = Path.Combine(_db.Options.DataDirectory, PlateStore.RelativePathFor(sha ?? new string(fill, 64), "png"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }

    /// <summary>Bytes that the header sniffer takes for a PNG; the store never decodes them.</summary>
}

public sealed class PlateStoreSqliteTests() : PlateStoreTests(new TempDatabase());

public sealed class PlateStorePostgresTests(PostgresDatabase database) : PlateStoreTests(new TempDatabase(database)), IClassFixture<PostgresDatabase>;
