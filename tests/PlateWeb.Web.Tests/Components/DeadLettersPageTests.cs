using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using PlateWeb.Jobs;
using PlateWeb.Web.Features.DeadLetters;

namespace PlateWeb.Web.Tests.Components;

/// <summary>The dead-letter page over a recording fake of the queue (the queue itself runs on RabbitMQ in PlateWeb.Jobs.Tests).</summary>
public sealed class DeadLettersPageTests : SqliteTestContext
{
    private const string Crashed = "aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111";
    private const string Gone = "bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222";
    private readonly FakeDeadLetters _queue = new();
    private readonly QueueOptions _options = new() { Provider = QueueProvider.RabbitMq };

    public DeadLettersPageTests()
    {
        Services.AddSingleton<IDeadLetterQueue>(_queue);
        Services.AddSingleton(Options.Create(_options));
        _queue.Letters.Add(new DeadLetter("job-1", Guid.NewGuid(), Crashed, DeadLetterReason.DeliveryLimit, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(-3), 3, InSpool: true));
        _queue.Letters.Add(new DeadLetter("job-2", Guid.NewGuid(), Gone, DeadLetterReason.Rejected, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(-2), 1, InSpool: false));
    }

    [Fact]
    public void List_ShowsHashReasonDeliveries_RetryOnlyWhereTheImageWaits()
    {
        var page = Render<DeadLettersPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));
        var rows = page.FindAll("tbody tr");
        Assert.Contains("aaaaaaaaaaaa", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("a worker crashed on it", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("refused by a worker", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("image no longer waiting", rows[1].TextContent, StringComparison.Ordinal);
        Assert.False(page.Find("button[aria-label='Retry the job of image aaaaaaaaaaaa']").HasAttribute("disabled"));
        Assert.True(page.Find("button[aria-label='Retry the job of image bbbbbbbbbbbb']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Retry_SendsTheKey_AndTheListReloads()
    {
        var page = Render<DeadLettersPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));

        await page.Find("button[aria-label='Retry the job of image aaaaaaaaaaaa']").ClickAsync(new());

        Assert.Equal(["retry job-1"], _queue.Actions);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr")));
    }

    [Fact]
    public async Task Discard_AskedFirst_ThenSendsTheKey()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = Render<DeadLettersPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));

        var click = page.Find("button[aria-label='Discard the job of image bbbbbbbbbbbb']").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("will never be read", dialogs.Markup, StringComparison.Ordinal));
        Assert.Empty(_queue.Actions);
        await dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Discard").ClickAsync(new());
        await click;

        Assert.Equal(["discard job-2"], _queue.Actions);
    }

    [Fact]
    public void BrokerAway_SaysSoInWords()
    {
        _queue.Fail = true;

        var page = Render<DeadLettersPage>();

        page.WaitForAssertion(() => Assert.Contains("cannot be read now", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("table"));
    }

    [Fact]
    public void InProcessQueue_NothingToList()
    {
        _options.Provider = QueueProvider.InProcess;

        var page = Render<DeadLettersPage>();

        Assert.Contains("nothing is set aside", page.Markup, StringComparison.Ordinal);
        Assert.Equal(0, _queue.Lists);
    }

    private sealed class FakeDeadLetters : IDeadLetterQueue
    {
        public List<DeadLetter> Letters { get; } = [];

        public List<string> Actions { get; } = [];

        public bool Fail { get; set; }

        public int Lists { get; private set; }

        public Task<IReadOnlyList<DeadLetter>> ListAsync(int max, CancellationToken ct)
        {
            Lists++;
            if (Fail) throw new DeadLetterException("RabbitMQ away");
            return Task.FromResult<IReadOnlyList<DeadLetter>>([.. Letters.Take(max)]);
        }

        public Task RetryAsync(string key, CancellationToken ct) => TakeAsync("retry", key);

        public Task DiscardAsync(string key, CancellationToken ct) => TakeAsync("discard", key);

        private Task TakeAsync(string action, string key)
        {
            Actions.Add($"{action} {key}");
            Letters.RemoveAll(l => l.Key == key);
            return Task.CompletedTask;
        }
    }
}
