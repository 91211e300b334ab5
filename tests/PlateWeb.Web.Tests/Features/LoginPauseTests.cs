using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;
using PlateWeb.Web.Features.Account;

namespace PlateWeb.Web.Tests.Features;

/// <summary>LoginThrottle's arithmetic on a clock the test moves, and the setup code's form.</summary>
public sealed class LoginPauseTests
{
    private static readonly IPAddress Here = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress There = IPAddress.Parse("192.0.2.2");

    private readonly ManualClock _clock = new();
    private readonly LoginThrottle _throttle;

    public LoginPauseTests() => _throttle = new LoginThrottle(Options.Create(new AccountOptions()), _clock);

    private List<TimeSpan?> Fail(int times, string user = "admin", IPAddress? from = null) =>
        Enumerable.Range(0, times).Select(_ => _throttle.Failed(user, from ?? Here)).ToList();

    [Fact]
    public void FifthWrongPassword_PausesAMinute_ThenEachFurtherOneDoubles_UpToFifteen()
    {
        var pauses = Fail(4);
        Assert.All(pauses, p => Assert.Null(p));
        var waits = new List<TimeSpan?>();
        for (var i = 0; i < 6; i++)
        {
            waits.Add(_throttle.Failed("admin", Here));
            _clock.Advance(waits[^1]!.Value);
        }

        Assert.Equal([1, 2, 4, 8, 15, 15], waits.Select(w => w!.Value.TotalMinutes));
    }

    [Fact]
    public void Pause_HoldsOnlyThatNameFromThatAddress_AndEnds()
    {
        Fail(5);

        Assert.Equal(TimeSpan.FromMinutes(1), _throttle.PausedFor("ADMIN ", Here));
        Assert.Null(_throttle.PausedFor("admin", There));
        Assert.Null(_throttle.PausedFor("viewer", Here));
        Assert.True(_throttle.IsPaused("admin"));
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(_throttle.PausedFor("admin", Here));
    }

    [Fact]
    public void RightPassword_StartsAgainFromNothing()
    {
        Fail(4);
        _throttle.Succeeded("admin", Here);

        Assert.All(Fail(4), p => Assert.Null(p));
    }

    [Fact]
    public void WrongPasswords_AreForgotten_AfterTheLongestPause()
    {
        Fail(4);
        _clock.Advance(TimeSpan.FromMinutes(16));

        Assert.All(Fail(4), p => Assert.Null(p));
    }

    [Fact]
    public void Clear_EndsThePauseFromEveryAddress()
    {
        Fail(5, from: Here);
        Fail(5, from: There);

        _throttle.Clear("Admin");

        Assert.False(_throttle.IsPaused("admin"));
        Assert.Null(_throttle.PausedFor("admin", Here));
    }

    [Theory]
    [InlineData("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64")]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1")]
    [InlineData("192.0.2.1", "192.0.2.1")]
    public void Addresses_IPv6CountsByItsSlash64(string address, string key) =>
        Assert.Equal(key, LoginThrottle.AddressKey(IPAddress.Parse(address)));

    [Fact]
    public void SetupCode_IsTwoGroupsOfFiveUnambiguousCharacters_AndNeverTheSame()
    {
        var codes = Enumerable.Range(0, 50).Select(_ => SetupCodes.Generate()).ToList();

        Assert.All(codes, c => Assert.Matches("^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$", c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.True(SetupCodes.Matches(codes[0], " " + codes[0].ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)));
        Assert.False(SetupCodes.Matches(codes[0], codes[1]));
        Assert.False(SetupCodes.Matches(codes[0], null));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("ABCD-1234", true)]
    [InlineData("ABC-123", false)]
    [InlineData("ABCD-123!", false)]
    public void ConfiguredSetupCode_NeedsEightLettersOrDigits(string code, bool valid)
    {
        var options = new AccountOptions { SetupCode = code };
        var results = new List<ValidationResult>();

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        if (!valid) Assert.Contains("Auth:SetupCode", Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
