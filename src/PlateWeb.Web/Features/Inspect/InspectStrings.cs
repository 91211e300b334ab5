namespace PlateWeb.Web.Features.Inspect;

/// <summary>Marker for InspectStrings.resx: the "Why this result?" dialog and view.</summary>
public sealed class InspectStrings;
