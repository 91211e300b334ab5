namespace PlateWeb.Web.Features.DeadLetters;

/// <summary>Marker for DeadLetterStrings.resx: the dead-letter page.</summary>
public sealed class DeadLetterStrings;
