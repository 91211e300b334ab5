namespace PlateWeb.Web.Features.Localization;

/// <summary>Marker for MudStrings.resx: MudBlazor's own texts (pager, date picker, close buttons) under MudBlazor's keys.</summary>
public sealed class MudStrings;
