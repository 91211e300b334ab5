namespace PlateWeb.Web.Features.Upload;

/// <summary>Marker for UploadStrings.resx: the upload page, its cards, the result view and the correction dialog.</summary>
public sealed class UploadStrings;
