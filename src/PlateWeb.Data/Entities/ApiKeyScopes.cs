namespace PlateWeb.Data.Entities;

/// <summary>What an API key may do; stored as an integer (the sum of the flags).</summary>
[Flags]
public enum ApiKeyScopes
{
    None = 0,

    /// <summary>GET /api/reads, /api/reads/{id}, /api/images/{id} and /images/{id}.</summary>
    Read = 1,

    /// <summary>POST /api/reads: recognise and store an image.</summary>
    Upload = 2,

    /// <summary>DELETE /api/reads/{id}.</summary>
    Delete = 4,

    /// <summary>POST /api/chat.</summary>
    Chat = 8,

    /// <summary>/api/cameras and /api/watchlists: list, add, change and remove cameras, watchlists and their entries.</summary>
    Admin = 16,

    /// <summary>
    /// What every key could do before keys had scopes (the migration gives it to them). Not <see cref="Admin"/>: a key
    /// made with "all" before admin existed must not gain it, so admin is always asked for by name.
    /// </summary>
    All = Read | Upload | Delete | Chat,
}
