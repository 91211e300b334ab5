namespace PlateWeb.Chat.Grounding;

/// <summary>How much one question may put in the prompt (the default context is 2048 tokens).</summary>
public static class GroundingLimits
{
    /// <summary>Plates taken from one question; more are ignored.</summary>
    public const int MaxPlates = 3;

    /// <summary>Single-read or plate-summary lines of a list (docs/CHAT-PROMPT.md).</summary>
    public const int MaxListLines = 10;

    /// <summary>Country tallies written, most reads first.</summary>
    public const int MaxCountries = 8;

    /// <summary>Reads shown for one plate's confidence or corrections, and formats of one country.</summary>
    public const int MaxReadsShown = 3;

    /// <summary>Read ids kept per fact as its sources (newest first); a count over 5000 reads links its 20 newest.</summary>
    public const int MaxSourceReads = 20;
}
