using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;

namespace PlateWeb.Web.Hosting;

/// <summary>
/// Renders the main pages once, off to the side, as soon as the app has started, so that the first person to open
/// one after a start does not wait for the code behind it to be compiled.
/// </summary>
/// <remarks>
/// Measured with HistoryAt100kTests (100 000 reads, idle 2-core machine): the first `/history` after a start took
/// 642 ms to prerender against 86 ms for the next ones, all of it in rendering the page (JIT of the page and
/// MudBlazor's grid, resources, the queries' first compilation), which put the first visit at 1.3 s to
/// interactive. Rendering each page here with Blazor's HtmlRenderer (no user, no browser) pays that once,
/// in the background, before anyone signs in. A page that cannot render this way is logged and left cold:
/// the warm-up never stops the app. `Web:WarmUpPages = false` turns it off.
/// </remarks>
public sealed class PageWarmup(
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    ILoggerFactory loggers) : IHostedService
{
    // The pages a signed-in user opens first: Upload (the home page), History, Chat, About.
    private static readonly (Type Page, string Path)[] Pages =
    [
        (typeof(Features.Upload.UploadPage), "/"),
        (typeof(Features.History.HistoryPage), "/history"),
        (typeof(Features.Chat.ChatPage), "/chat"),
        (typeof(Features.About.AboutPage), "/about"),
    ];

    private readonly ILogger _logger = loggers.CreateLogger<PageWarmup>();
    private readonly TaskCompletionSource<int> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _warming = Task.CompletedTask;

    /// <summary>How many pages the warm-up after the start rendered, once it is over (0 when it is turned off).</summary>
    public Task<int> Done => _done.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Web:WarmUpPages", true))
        {
            _done.TrySetResult(0);
            return Task.CompletedTask;
        }
        lifetime.ApplicationStarted.Register(() => _warming = Task.Run(async () => _done.TrySetResult(await WarmAsync(lifetime.ApplicationStopping))));
        return Task.CompletedTask;
    }

    // A warm-up under way stops after its current page.
    public Task StopAsync(CancellationToken cancellationToken) => _warming.WaitAsync(cancellationToken);

    /// <summary>Renders each page once; returns how many rendered.</summary>
    public async Task<int> WarmAsync(CancellationToken stopping)
    {
        var clock = Stopwatch.StartNew();
        var warmed = 0;
        foreach (var (page, path) in Pages)
        {
            if (stopping.IsCancellationRequested) break;
            try
            {
                await RenderAsync(page, path);
                warmed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogInformation("Page {Path} not warmed ({Error}); its first visit compiles it", path, e.Message);
            }
        }
        _logger.LogInformation("{Count} of {Total} pages warmed in {Elapsed} ms", warmed, Pages.Length, clock.ElapsedMilliseconds);
        return warmed;
    }

    private async Task RenderAsync(Type page, string path)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        // Outside a request the navigation manager has no address; the pages read their query from it.
        if (services.GetRequiredService<NavigationManager>() is IHostEnvironmentNavigationManager navigation)
        {
            navigation.Initialize("http://localhost/", "http://localhost" + path);
        }
        // Nobody is signed in: the pages render for an anonymous user (what they show does not matter here).
        if (services.GetRequiredService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider authentication)
        {
            authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        }
        // In its layout, as the router renders it: the layout holds the providers its components need (MudBlazor's
        // popovers log an error without theirs), and warms up too.
        var layout = (page.GetCustomAttributes(typeof(LayoutAttribute), true).FirstOrDefault() as LayoutAttribute)?.LayoutType
            ?? typeof(Components.Layout.MainLayout);
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(LayoutView.Layout)] = layout,
            [nameof(LayoutView.ChildContent)] = (RenderFragment)(b =>
            {
                b.OpenComponent(0, page);
                b.CloseComponent();
            }),
        });
        await using var renderer = new HtmlRenderer(services, loggers);
        await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<LayoutView>(parameters);
            await output.QuiescenceTask;
            _ = output.ToHtmlString();
        });
    }
}
