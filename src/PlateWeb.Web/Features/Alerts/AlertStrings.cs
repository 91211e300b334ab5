namespace PlateWeb.Web.Features.Alerts;

/// <summary>Marker for AlertStrings.resx: the alert bell, the Watchlists, Alert rules and Deliveries pages.</summary>
public sealed class AlertStrings;
