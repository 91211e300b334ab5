namespace PlateWeb.Data.Storage;

/// <summary>Original file names are display text only; this makes them safe to show and store.</summary>
public static class FileNames
{
    /// <summary>
    /// The last path segment (so "../../etc/passwd" becomes "passwd"), without control characters
    /// (which could forge log lines or break a CSV), trimmed, at most 200 characters; "upload" when nothing is left.
    /// </summary>
    public static string Clean(string? name)
    {
        var last = (name ?? string.Empty).Replace('\\', '/');
        last = last[(last.LastIndexOf('/') + 1)..];
        var cleaned = new string(last.Where(c => !char.IsControl(c) && c is not '\u2028' and not '\u2029').ToArray()).Trim();
        if (cleaned is "" or "." or "..") return "upload";
        if (cleaned.Length <= 200) return cleaned;
        // Never cut a surrogate pair (an emoji) in half.
        return cleaned[..(char.IsHighSurrogate(cleaned[199]) ? 199 : 200)];
    }
}
