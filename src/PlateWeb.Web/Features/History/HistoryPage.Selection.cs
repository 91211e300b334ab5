using Microsoft.AspNetCore.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using PlateWeb.Data.Storage;
using PlateWeb.Web.Features.Account;
using PlateWeb.Web.Features.Audit;

namespace PlateWeb.Web.Features.History;

/// <summary>The History page's bulk actions (delete, "not a plate") over ticked reads or every read the filters select,
/// and its collapsible charts.</summary>
public sealed partial class HistoryPage
{
    /// <summary>Where this browser keeps whether the charts are shown.</summary>
    public const string ChartsKey = "plateweb.history.charts";

    private readonly HashSet<long> _selected = [];
    private bool _allMatching;
    private int _total;
    private List<long> _pageIds = [];
    private bool? _chartsOpen;

    private bool ChartsShown => _chartsOpen == true;

    private bool PageSelected => _pageIds.Count > 0 && _pageIds.All(_selected.Contains);

    private void SelectPage(bool on)
    {
        foreach (var id in _pageIds)
        {
            if (on) _selected.Add(id);
            else _selected.Remove(id);
        }
    }

    private void Select(ReadRow row, bool on)
    {
        if (on) _selected.Add(row.Id);
        else _selected.Remove(row.Id);
    }

    private void AllMatchingChanged(bool on) => _allMatching = on;

    private void ClearSelection()
    {
        _selected.Clear();
        _allMatching = false;
    }

    private ReadSelection Selection => _allMatching ? ReadSelection.Matching(_filter.ToQuery(Clock.Zone)) : ReadSelection.Of(_selected);

    private int SelectedCount => _allMatching ? _total : _selected.Count;

    private async Task MarkSelectedAsync()
    {
        if (!await AllowedAsync()) return;
        var count = await Bulk.MarkNotAPlateAsync(Selection, await AuditActor.NameAsync(Authentication), CancellationToken.None);
        Logger.LogInformation("{Count} reads marked not a plate", count);
        Snackbar.Add(L["MarkedNotAPlate", count], Severity.Success);
        await AfterBulkAsync();
    }

    private async Task UnmarkSelectedAsync()
    {
        if (!await AllowedAsync()) return;
        var count = await Bulk.UnmarkNotAPlateAsync(Selection, await AuditActor.NameAsync(Authentication), CancellationToken.None);
        Logger.LogInformation("{Count} reads no longer marked not a plate", count);
        Snackbar.Add(L["UnmarkedNotAPlate", count], Severity.Success);
        await AfterBulkAsync();
    }

    private async Task DeleteSelectedAsync()
    {
        if (!await AllowedAsync()) return;
        var count = SelectedCount;
        if (await ConfirmAsync(L["ConfirmDeleteSelectedTitle"], L["ConfirmDeleteSelectedText", count]) != true) return;
        var deleted = await Bulk.DeleteAsync(Selection, await AuditActor.NameAsync(Authentication), CancellationToken.None);
        Logger.LogInformation("{Count} reads deleted at once", deleted);
        Snackbar.Add(L["DeletedSelected", deleted], Severity.Success);
        await AfterBulkAsync();
    }

    private async Task AfterBulkAsync()
    {
        ClearSelection();
        _countries = await Queries.CountriesAsync(CancellationToken.None);
        await ReloadAsync(_filter);
    }

    /// <summary>The buttons are shown to admins only; the action checks again, since a circuit outlives a role change.</summary>
    private async Task<bool> AllowedAsync()
    {
        if (await IsAdminAsync()) return true;
        Logger.LogWarning("A bulk History action was refused: the user is not an admin");
        Snackbar.Add(L["AdminsOnly"], Severity.Error);
        return false;
    }

    private async Task<bool> IsAdminAsync()
    {
        if (Authentication is null) return false;
        var user = (await Authentication).User;
        return (await Authorization.AuthorizeAsync(user, Policies.Admin)).Succeeded;
    }

    private async Task ToggleChartsAsync()
    {
        _chartsOpen = !ChartsShown;
        if (ChartsShown && _stats is null) await LoadStatsAsync();
        await JS.InvokeVoidAsync("localStorage.setItem", ChartsKey, ChartsShown ? "shown" : "hidden");
    }
}
