using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;
using PlateWeb.Data.Storage;
using PlateWeb.Web.Components.Layout;
using PlateWeb.Web.Features.Audit;

namespace PlateWeb.Web.Features.History;

public sealed partial class HistoryPage
{
    private MudDataGrid<ReadRow>? _grid;
    private HistoryFilter _filter = new();
    private DateRange? _dates;
    private IReadOnlyList<string> _countries = [];
    private HistoryStats? _stats;
    private long? _openedRead;
    private bool _isAdmin;

    // The camera column and filter are shown once a camera exists (uploads have none).
    private IReadOnlyList<PlateWeb.Data.Sightings.CameraRef> _cameras = [];
    private bool HasCameras => _cameras.Count > 0;
    private bool _filterRead;

    /// <summary>/history?read=ID opens that read's details (the links under chat answers).</summary>
    [SupplyParameterFromQuery(Name = "read")]
    public long? ReadId { get; set; }

    // The filters live in the address (HistoryFilter.UrlParameters), so a filtered view can be bookmarked and shared.
    [SupplyParameterFromQuery(Name = "q")] public string? Q { get; set; }

    [SupplyParameterFromQuery(Name = "country")] public string? CountryParameter { get; set; }

    [SupplyParameterFromQuery(Name = "min")] public string? Min { get; set; }

    [SupplyParameterFromQuery(Name = "from")] public string? FromParameter { get; set; }

    [SupplyParameterFromQuery(Name = "to")] public string? ToParameter { get; set; }

    [SupplyParameterFromQuery(Name = "notaplate")] public string? NotAPlateParameter { get; set; }

    [SupplyParameterFromQuery(Name = "camera")] public string? CameraParameter { get; set; }

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private IJSRuntime JS { get; set; } = null!;

    [Inject] private IAuthorizationService Authorization { get; set; } = null!;

    [Inject] private BulkReads Bulk { get; set; } = null!;

    [Inject] private IServiceProvider Services { get; set; } = null!;

    [Inject] private ILogger<HistoryPage> Logger { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    [Inject] private IReadQueries Queries { get; set; } = null!;

    [Inject] private TimeZones.UserClock Clock { get; set; } = null!;

    [Inject] private PlateStore Store { get; set; } = null!;

    [Inject] private IDialogService Dialogs { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [Inject] private IStringLocalizer<HistoryStrings> L { get; set; } = null!;

    [Inject] private IStringLocalizer<SharedStrings> S { get; set; } = null!;

    private static readonly float?[] ConfidenceSteps = [0.5f, 0.8f, 0.9f];

    protected override async Task OnInitializedAsync()
    {
        _countries = await Queries.CountriesAsync(CancellationToken.None);
        _isAdmin = await IsAdminAsync();
        if (Services.GetService(typeof(PlateWeb.Data.Sightings.ICameraDirectory)) is PlateWeb.Data.Sightings.ICameraDirectory cameras)
        {
            _cameras = await cameras.ListAsync(CancellationToken.None);
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        var filter = HistoryFilter.FromUrl(Q, CountryParameter, Min, FromParameter, ToParameter, NotAPlateParameter, CameraParameter, out var ignored);
        if (_filterRead && filter == _filter) return;
        if (ignored.Count > 0)
        {
            Logger.LogInformation("History address with unusable filters {Keys} ignored", string.Join(",", ignored));
            Snackbar.Add(L["BadFilterInAddress", string.Join(", ", ignored)], Severity.Warning);
        }
        _dates = filter.From is null && filter.To is null ? null : new DateRange(filter.From, filter.To);
        if (!_filterRead)
        {
            // The charts' figures come after the first render, and only when the charts are shown: the rows
            // first (at 1 000 000 reads the figures take ~0.4 s, and prerendering would pay for them twice).
            _filterRead = true;
            _filter = filter;
        }
        else
        {
            // Back or forward to another filtered address.
            await ReloadAsync(filter);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // Charts shown unless this browser hid them last time (local storage: per browser, no account setting needed).
            _chartsOpen = await JS.InvokeAsync<string?>("localStorage.getItem", ChartsKey) != "hidden";
            StateHasChanged();
            if (ChartsShown)
            {
                await LoadStatsAsync();
                StateHasChanged();
            }
        }
        if (ReadId is not { } readId || readId == _openedRead) return;
        _openedRead = readId;
        var read = await Store.FindReadAsync(readId, CancellationToken.None);
        if (read is null)
        {
            Snackbar.Add($"Read #{readId} no longer exists.", Severity.Warning);
            return;
        }
        var parameters = new DialogParameters<ReadDetailDialog> { { d => d.ReadId, readId } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true };
        var dialog = await Dialogs.ShowAsync<ReadDetailDialog>($"Read {read.CorrectedText ?? read.Text}", parameters, options);
        await dialog.Result;
        await ReloadAsync(_filter);
    }

    // 30 days and 10 plates keep the charts readable; the filters narrow them like the grid.
    private async Task LoadStatsAsync() => _stats = await Queries.StatsAsync(_filter.ToQuery(Clock.Zone), days: 30, top: 10, Clock.Zone, CancellationToken.None);

    private async Task<GridData<ReadRow>> LoadAsync(GridState<ReadRow> state, CancellationToken ct)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var query = _filter.ToQuery(
            Clock.Zone,
            skip: state.Page * state.PageSize,
            take: state.PageSize,
            sort: sort?.SortBy switch
            {
                nameof(ReadRow.Text) => ReadSort.Text,
                nameof(ReadRow.Confidence) => ReadSort.Confidence,
                nameof(ReadRow.Country) => ReadSort.Country,
                _ => ReadSort.CreatedAt,
            },
            descending: sort?.Descending ?? true);
        var page = await Queries.SearchAsync(query, ct);
        _total = page.TotalCount;
        _pageIds = page.Items.Select(r => r.Id).ToList();
        return new GridData<ReadRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    // Typed characters, separators included; the limit that counts is ReadQuery.MaxSearchCharacters letters and digits.
    private const int SearchMaxLength = 2 * ReadQuery.MaxSearchCharacters;

    private bool _searchTooLong;

    private Task SearchAsync(string? text)
    {
        // A search longer than a plate is not run: it says so under the box and the grid keeps its rows.
        _searchTooLong = ReadQuery.SearchProblem(text) is not null;
        return _searchTooLong ? Task.CompletedTask : FilterAsync(_filter with { Search = string.IsNullOrWhiteSpace(text) ? null : text });
    }

    private Task CountryChangedAsync(string? country) => FilterAsync(_filter with { Country = country });

    private Task MinConfidenceChangedAsync(float? min) => FilterAsync(_filter with { MinConfidence = min });

    private Task NotAPlateChangedAsync(bool notAPlate) => FilterAsync(_filter with { NotAPlate = notAPlate });

    private Task CameraChangedAsync(int? camera) => FilterAsync(_filter with { Camera = camera });

    private Task DatesChangedAsync(DateRange? dates)
    {
        _dates = dates;
        return FilterAsync(_filter with { From = dates?.Start, To = dates?.End });
    }

    /// <summary>A filter chosen on the page: the list and charts follow, and so does the address (replaced, not pushed:
    /// typing a plate is not a trail of pages to go back through).</summary>
    /// <remarks>
    /// The address is rewritten by the browser's history.replaceState, not NavigationManager.NavigateTo: a navigation
    /// closes any open dialog (MudDialogProvider) and re-renders the page, so a details dialog opened while the search
    /// box's debounce was pending closed again (the phone test saw it). Back and forward still come through the router
    /// (OnParametersSetAsync).
    /// </remarks>
    private async Task FilterAsync(HistoryFilter filter)
    {
        ClearSelection();
        await ReloadAsync(filter);
        var parameters = new Dictionary<string, object?>(filter.UrlParameters()) { ["read"] = null };
        try
        {
            await JS.InvokeVoidAsync("history.replaceState", null, "", Navigation.GetUriWithQueryParameters(parameters));
        }
        catch (JSDisconnectedException)
        {
            // The tab is gone; nothing to update.
        }
    }

    private async Task ReloadAsync(HistoryFilter filter)
    {
        _filter = filter;
        // Hidden charts are brought up to date when they are shown again.
        if (ChartsShown) await LoadStatsAsync();
        else _stats = null;
        if (_grid is not null) await _grid.ReloadServerData();
    }

    private async Task ShowDetailAsync(ReadRow row)
    {
        var parameters = new DialogParameters<ReadDetailDialog> { { d => d.ReadId, row.Id } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true };
        var dialog = await Dialogs.ShowAsync<ReadDetailDialog>(L["DetailTitle", row.CorrectedText ?? row.Text], parameters, options);
        await dialog.Result;
        // A correction made in the dialog shows in the grid.
        await ReloadAsync(_filter);
    }

    private async Task DeleteReadAsync(ReadRow row)
    {
        if (await ConfirmAsync(L["ConfirmDeleteReadTitle"], L["ConfirmDeleteReadText", row.Text, row.FileName]) != true) return;
        await Store.DeleteReadAsync(row.Id, CancellationToken.None, await AuditActor.NameAsync(Authentication));
        Snackbar.Add(L["DeletedRead", row.Text], Severity.Success);
        await ReloadAsync(_filter);
    }

    private async Task DeleteImageAsync(ReadRow row)
    {
        if (await ConfirmAsync(L["ConfirmDeleteImageTitle"], L["ConfirmDeleteImageText", row.FileName]) != true) return;
        await Store.DeleteImageAsync(row.ImageId, CancellationToken.None, await AuditActor.NameAsync(Authentication));
        Snackbar.Add(L["DeletedImage", row.FileName], Severity.Success);
        await ReloadAsync(_filter);
    }

    private Task<bool?> ConfirmAsync(string title, string message) =>
        Dialogs.ShowMessageBoxAsync(title, message, yesText: S["Delete"], cancelText: S["Cancel"],
            options: new DialogOptions { CloseOnEscapeKey = true });
}
