using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlateWeb.Web.Features.Account;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>
/// Wrong passwords pause sign-in for one user name from one address only: someone elsewhere cannot
/// lock the admin out. Unknown names and wrong passwords are answered alike.
/// </summary>
public sealed class LoginThrottleTests : IAsyncLifetime
{
    private const string AddressA = "203.0.113.7";
    private const string AddressB = "198.51.100.20";

    private readonly PlateWebFactory _factory = new();
    private readonly CountingPasswordHasher _hasher = new();
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = _factory.WithClientAddresses().WithWebHostBuilder(b => b.ConfigureServices(s =>
            s.Replace(ServiceDescriptor.Scoped<IPasswordHasher<IdentityUser>>(_ => _hasher))));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private static async Task<string> SignInAsync(HttpClient client, string userName, string password)
    {
        using var response = await SignIn.PostFormAsync(client, "/account/login",
            new() { ["userName"] = userName, ["password"] = password, ["returnUrl"] = "/" });
        return response.Headers.Location?.OriginalString ?? $"({(int)response.StatusCode})";
    }

    [Fact]
    public async Task WrongPasswords_FromOneAddress_DoNotLockTheAdminOutElsewhere()
    {
        using var attacker = _app.CreateClientFrom(AddressA);
        using var admin = _app.CreateClientFrom(AddressB);
        for (var i = 0; i < 8; i++) await SignInAsync(attacker, PlateWebFactory.AdminUser, "wrong password " + i);

        Assert.Equal("/", await SignInAsync(admin, PlateWebFactory.AdminUser, PlateWebFactory.AdminPassword));
    }

    [Fact]
    public async Task WrongPasswords_PauseThatUserFromThatAddress_EvenWithTheRightPassword()
    {
        using var client = _app.CreateClientFrom(AddressA);
        var outcomes = new List<string>();
        for (var i = 0; i < 5; i++) outcomes.Add(await SignInAsync(client, PlateWebFactory.AdminUser, "wrong password " + i));

        var right = await SignInAsync(client, PlateWebFactory.AdminUser, PlateWebFactory.AdminPassword);

        Assert.All(outcomes.Take(4), o => Assert.StartsWith("/account/login?error=invalid&", o, StringComparison.Ordinal));
        Assert.StartsWith("/account/login?error=paused&wait=1&", outcomes[4], StringComparison.Ordinal);
        Assert.StartsWith("/account/login?error=paused&wait=1&", right, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownUser_AndWrongPassword_GetTheSameAnswers()
    {
        using var one = _app.CreateClientFrom(AddressA);
        using var other = _app.CreateClientFrom(AddressB);
        for (var i = 0; i < 6; i++)
        {
            var unknown = await SignInAsync(one, "nobody", "wrong password " + i);
            var wrong = await SignInAsync(other, PlateWebFactory.AdminUser, "wrong password " + i);
            Assert.Equal(wrong, unknown);
        }
    }

    [Fact]
    public async Task UnknownUser_CostsAPasswordCheck_LikeAWrongPassword()
    {
        using var client = _app.CreateClientFrom(AddressA);
        await SignInAsync(client, PlateWebFactory.AdminUser, "wrong password");
        var forKnownUser = _hasher.Verifications;

        await SignInAsync(client, "nobody", "wrong password");

        Assert.Equal(1, forKnownUser);
        Assert.Equal(2, _hasher.Verifications);
    }

    [Fact]
    public async Task Admin_UnlocksAPausedUser()
    {
        using var client = _app.CreateClientFrom(AddressA);
        for (var i = 0; i < 5; i++) await SignInAsync(client, PlateWebFactory.AdminUser, "wrong password " + i);
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var throttle = _app.Services.GetRequiredService<LoginThrottle>();
            var row = Assert.Single(await AccountService.ListAsync(users, throttle));
            Assert.True(row.Paused);

            await AccountService.UnlockAsync(users, throttle, row.Id);

            Assert.False(Assert.Single(await AccountService.ListAsync(users, throttle)).Paused);
        }

        Assert.Equal("/", await SignInAsync(client, PlateWebFactory.AdminUser, PlateWebFactory.AdminPassword));
    }

    /// <summary>Identity's hasher, counting how often a password is checked against a hash.</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<IdentityUser>
    {
        private readonly PasswordHasher<IdentityUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(IdentityUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(IdentityUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
