using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>The first-run setup: only with the one-time code from the console (or the data folder), and one admin however many post at once.</summary>
public sealed class FirstRunSetupTests : IAsyncLifetime
{
    private const string ConfiguredCode = "TEST-SETUP-42";

    private readonly PlateWebFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>An app started without an account, with or without a configured setup code.</summary>
    private WebApplicationFactory<Program> FreshApp(string? code = ConfiguredCode) => _factory.WithWebHostBuilder(b =>
    {
        b.UseSetting("Auth:AdminUser", "").UseSetting("Auth:AdminPassword", "");
        if (code is not null) b.UseSetting("Auth:SetupCode", code);
    });

    private static HttpClient Browser(WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static Task<HttpResponseMessage> PostSetupAsync(HttpClient client, string userName, string? code)
    {
        var fields = new Dictionary<string, string> { ["userName"] = userName, ["password"] = "owner password 1", ["confirm"] = "owner password 1" };
        if (code is not null) fields["code"] = code;
        return SignIn.PostFormAsync(client, "/account/setup", fields);
    }

    private static List<string?> UserNames(WebApplicationFactory<Program> app)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().Users.Select(u => u.UserName).OrderBy(n => n).ToList();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("WRONG-CODE-1")]
    public async Task Setup_WithoutTheRightCode_IsRefused(string? code)
    {
        await using var app = FreshApp();
        using var client = Browser(app);

        using var response = await PostSetupAsync(client, "intruder", code);

        Assert.Equal("/account/setup?error=code", response.Headers.Location?.OriginalString);
        Assert.Empty(UserNames(app));
    }

    [Fact]
    public async Task Setup_WithTheConfiguredCode_CreatesTheAdmin_DashesAndCaseIgnored()
    {
        await using var app = FreshApp();
        using var client = Browser(app);

        using var response = await PostSetupAsync(client, "owner", " test-setup42 ");

        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.Equal(["owner"], UserNames(app));
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task Setup_WithoutConfiguredCode_TakesTheGeneratedOne_FromTheDataFolder_ThenForgetsIt()
    {
        await using var app = FreshApp(code: null);
        using var client = Browser(app);
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal("/account/setup", home.Headers.Location?.OriginalString);
        var file = Path.Combine(_factory.DataDirectory, "setup-code.txt");
        Assert.True(File.Exists(file), "the generated setup code is written to the data folder");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var code = File.ReadAllText(file).Trim();
        Assert.Matches("^[A-Z2-9]{5}-[A-Z2-9]{5}$", code);

        using var wrong = await PostSetupAsync(client, "owner", "ABCDE-FGHJK");
        using var right = await PostSetupAsync(client, "owner", code);

        Assert.Equal("/account/setup?error=code", wrong.Headers.Location?.OriginalString);
        Assert.Equal("/", right.Headers.Location?.OriginalString);
        Assert.Equal(["owner"], UserNames(app));
        Assert.False(File.Exists(file), "the code is deleted once the admin exists");
    }

    [Fact]
    public async Task Setup_PostedManyTimesAtOnce_CreatesExactlyOneAdmin()
    {
        await using var app = FreshApp();
        var clients = Enumerable.Range(0, 6).Select(_ => Browser(app)).ToList();
        try
        {
            // Every form is loaded first, so that every post is sent while no account exists yet.
            var forms = clients.Select((client, i) => (client, name: "owner" + i)).ToList();
            var responses = await Task.WhenAll(forms.Select(f => PostSetupAsync(f.client, f.name, ConfiguredCode)));

            var locations = responses.Select(r => r.Headers.Location?.OriginalString).ToList();
            Assert.Single(UserNames(app));
            Assert.Single(locations, l => l == "/");
            Assert.All(locations.Where(l => l != "/"), l => Assert.Equal("/account/login?error=setup-done", l));
            foreach (var response in responses) response.Dispose();
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    [Fact]
    public async Task Setup_AfterTheAdminExists_SaysSoAndCreatesNobody()
    {
        // The factory's own configuration creates the admin at start, so no code is ever needed or written.
        using var client = Browser(_factory);

        // The setup page now leads to the login page: its form gives the token.
        using var response = await SignIn.PostFormAsync(client, "/account/login",
            new() { ["userName"] = "intruder", ["password"] = "owner password 1", ["confirm"] = "owner password 1", ["code"] = ConfiguredCode },
            postPath: "/account/setup");

        Assert.Equal("/account/login?error=setup-done", response.Headers.Location?.OriginalString);
        Assert.Equal([PlateWebFactory.AdminUser], UserNames(_factory));
        Assert.False(File.Exists(Path.Combine(_factory.DataDirectory, "setup-code.txt")));
    }
}
