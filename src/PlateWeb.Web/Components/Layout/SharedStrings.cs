namespace PlateWeb.Web.Components.Layout;

/// <summary>Marker for SharedStrings.resx: the layout, the navigation and words every feature uses (Cancel, Close…).</summary>
public sealed class SharedStrings;
