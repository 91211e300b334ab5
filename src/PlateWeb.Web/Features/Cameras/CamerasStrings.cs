namespace PlateWeb.Web.Features.Cameras;

/// <summary>Marker for CamerasStrings.resx: the Cameras and Live pages.</summary>
public sealed class CamerasStrings;
