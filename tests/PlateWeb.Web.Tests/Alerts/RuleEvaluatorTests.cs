using PlateWeb.Data.Alerts;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Sightings;
using PlateWeb.Web.Features.Alerts;

namespace PlateWeb.Web.Tests.Alerts;

public sealed class RuleEvaluatorTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Evaluate_OnList_MatchesWithConfusionsAndGivesTheEntry()
    {
        var rule = Rule(List(Entry("AB-123-CD", "van")));
        var match = Assert.Single(RuleEvaluator.Evaluate([rule], Seen("A8-I23-CD")));
        Assert.Equal("van", match.Entry?.Label);
        Assert.Empty(RuleEvaluator.Evaluate([rule], Seen("XY-987-ZT")));
    }

    [Fact]
    public void Evaluate_NotOnList_FiresOnlyForPlatesOutsideTheAllowList()
    {
        var rule = Rule(List(Entry("AB-123-CD")), trigger: AlertTrigger.NotOnList);
        Assert.Empty(RuleEvaluator.Evaluate([rule], Seen("AB-123-CD")));
        Assert.Null(Assert.Single(RuleEvaluator.Evaluate([rule], Seen("XY-987-ZT"))).Entry);
    }

    [Fact]
    public void Evaluate_ExpiredEntry_NoLongerMatches()
    {
        var rule = Rule(List(Entry("AB-123-CD", expires: Noon.UtcDateTime)));
        Assert.Single(RuleEvaluator.Evaluate([rule], Seen("AB-123-CD", at: Noon.AddMinutes(-1))));
        Assert.Empty(RuleEvaluator.Evaluate([rule], Seen("AB-123-CD", at: Noon)));
    }

    [Fact]
    public void CoversSource_EmptySelectionIsEverything_ElseTheChosenCamerasAndUploadsIfAsked()
    {
        var all = Rule(List(Entry("AB123CD")));
        var gate = Rule(List(Entry("AB123CD")), cameras: [3]);
        var gateAndUploads = gate with { IncludeUploads = true };
        Assert.True(RuleEvaluator.CoversSource(all, null));
        Assert.True(RuleEvaluator.CoversSource(all, 9));
        Assert.True(RuleEvaluator.CoversSource(gate, 3));
        Assert.False(RuleEvaluator.CoversSource(gate, 9));
        Assert.False(RuleEvaluator.CoversSource(gate, null));
        Assert.True(RuleEvaluator.CoversSource(gateAndUploads, null));
    }

    [Fact]
    public void IsActiveAt_HoursInTheRulesZone_CrossingMidnight()
    {
        Assert.True(Data.Time.ZoneTime.TryFind("Europe/Paris", out var paris));
        var night = Rule(List(Entry("AB123CD"))) with { FromHour = 22, ToHour = 6, Zone = paris };
        // 21:30 UTC is 22:30 in Paris in December.
        Assert.True(RuleEvaluator.IsActiveAt(night, new DateTimeOffset(2026, 12, 5, 21, 30, 0, TimeSpan.Zero)));
        Assert.True(RuleEvaluator.IsActiveAt(night, new DateTimeOffset(2026, 12, 6, 4, 30, 0, TimeSpan.Zero)));
        Assert.False(RuleEvaluator.IsActiveAt(night, new DateTimeOffset(2026, 12, 5, 20, 30, 0, TimeSpan.Zero)));
        Assert.False(RuleEvaluator.IsActiveAt(night, Noon));
        var office = night with { FromHour = 9, ToHour = 17 };
        Assert.True(RuleEvaluator.IsActiveAt(office, Noon));
        Assert.False(RuleEvaluator.IsActiveAt(office, new DateTimeOffset(2026, 12, 5, 16, 30, 0, TimeSpan.Zero)));
        Assert.True(RuleEvaluator.IsActiveAt(office with { FromHour = null, ToHour = null }, new DateTimeOffset(2026, 12, 5, 23, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Evaluate_RuleOutsideItsHoursOrCameras_StaysQuiet()
    {
        var rule = Rule(List(Entry("AB-123-CD")), cameras: [3]) with { FromHour = 0, ToHour = 6 };
        Assert.Empty(RuleEvaluator.Evaluate([rule], Seen("AB-123-CD", cameraId: 3)));
        Assert.Single(RuleEvaluator.Evaluate([rule], Seen("AB-123-CD", at: Noon.AddHours(-10), cameraId: 3)));
        Assert.Empty(RuleEvaluator.Evaluate([rule], Seen("AB-123-CD", at: Noon.AddHours(-10), cameraId: 4)));
    }

    [Fact]
    public void WebhookSignature_IsHmacSha256OfTheBody()
    {
        var body = "{\"a\":1}"u8.ToArray();
        // Computed independently: printf '{"a":1}' | openssl dgst -sha256 -hmac key
        Assert.Equal("sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("key"u8, body)), WebhookSignature.Compute("key", body));
        Assert.True(WebhookSignature.Verify("key", body, WebhookSignature.Compute("key", body)));
        Assert.False(WebhookSignature.Verify("key", "{\"a\":2}"u8, WebhookSignature.Compute("key", body)));
        Assert.False(WebhookSignature.Verify("key", body, null));
    }

    private static CompiledEntry Entry(string pattern, string label = "", DateTime? expires = null) =>
        new(1, WatchPattern.Parse(pattern), label, expires);

    private static CompiledList List(params CompiledEntry[] entries) => new(1, "list", WatchTolerance.ConfusionsAndOneEdit, entries);

    private static CompiledRule Rule(CompiledList list, AlertTrigger trigger = AlertTrigger.OnList, int[]? cameras = null) =>
        new(1, "rule", trigger, list, (cameras ?? []).ToHashSet(), false, null, null, TimeZoneInfo.Utc, true, null, null, false);

    private static PlateSighting Seen(string text, DateTimeOffset? at = null, int? cameraId = null) =>
        new(1, 1, text, Recognition.Grammar.PlateGrammar.Normalize(text), null, 0.9, at ?? Noon, cameraId, null, null);
}

public sealed partial class AlertAdminMessagesTests
{
    /// <summary>Every refusal code AlertAdmin throws has its message in English and French.</summary>
    [Fact]
    public void EveryRefusalCode_HasItsMessage()
    {
        var web = Path.Combine(PlateWeb.Jobs.Hosting.ContentRootLocator.FindRepositoryRoot()!, "src", "PlateWeb.Web", "Features", "Alerts");
        var codes = Code().Matches(File.ReadAllText(Path.Combine(web, "AlertAdmin.cs"))).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(codes.Count >= 8);
        foreach (var file in new[] { "AlertStrings.resx", "AlertStrings.fr.resx" })
        {
            var keys = System.Xml.Linq.XDocument.Load(Path.Combine(web, file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
            Assert.All(codes, code => Assert.Contains(AlertAdminException.ResourceKey(code), keys));
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"new AlertAdminException\(""([A-Za-z]+)""")]
    private static partial System.Text.RegularExpressions.Regex Code();
}
