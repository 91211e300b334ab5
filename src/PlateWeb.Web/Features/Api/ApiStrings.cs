namespace PlateWeb.Web.Features.Api;

/// <summary>Marker for ApiStrings.resx: the API keys page.</summary>
public sealed class ApiStrings;
