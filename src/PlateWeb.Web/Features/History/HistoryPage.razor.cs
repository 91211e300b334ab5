using Microsoft.AspNetCore.Components;
using MudBlazor;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Features.History;

public sealed partial class HistoryPage
{
    private MudDataGrid<ReadRow>? _grid;
    private string? _search;

    [Inject] private IReadQueries Queries { get; set; } = null!;

    private async Task<GridData<ReadRow>> LoadAsync(GridState<ReadRow> state, CancellationToken ct)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var query = new ReadQuery(
            Search: _search,
            Skip: state.Page * state.PageSize,
            Take: state.PageSize,
            Sort: sort?.SortBy switch
            {
                nameof(ReadRow.Text) => ReadSort.Text,
                nameof(ReadRow.Confidence) => ReadSort.Confidence,
                nameof(ReadRow.Country) => ReadSort.Country,
                _ => ReadSort.CreatedAt,
            },
            Descending: sort?.Descending ?? true);
        var page = await Queries.SearchAsync(query, ct);
        return new GridData<ReadRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private Task SearchAsync(string? text)
    {
        _search = text;
        return _grid?.ReloadServerData() ?? Task.CompletedTask;
    }
}
