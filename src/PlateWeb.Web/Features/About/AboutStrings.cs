namespace PlateWeb.Web.Features.About;

/// <summary>Marker for AboutStrings.resx: the About page.</summary>
public sealed class AboutStrings;
