namespace PlateWeb.Web.Features.History;

/// <summary>Marker for HistoryStrings.resx: the history page, its grid, charts and the read detail dialog.</summary>
public sealed class HistoryStrings;
