namespace PlateWeb.Web.Features.Chat;

/// <summary>Marker for <c>IStringLocalizer&lt;ChatStrings&gt;</c>: the chat's texts live in ChatStrings.resx (English) and ChatStrings.fr.resx.</summary>
public sealed class ChatStrings;
