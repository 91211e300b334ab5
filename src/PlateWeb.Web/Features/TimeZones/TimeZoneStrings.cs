namespace PlateWeb.Web.Features.TimeZones;

/// <summary>Marker for TimeZoneStrings.resx: the time zone menu and dialog.</summary>
public sealed class TimeZoneStrings;
