using System.Security.Claims;
using PlateWeb.Data.Storage;
using PlateWeb.Web.Features.Account;

namespace PlateWeb.Web.Features.Chat;

public static class ChatUsers
{
    /// <summary>
    /// The signed-in account as the conversation store knows it (its Identity id and whether it is an
    /// admin); null when the principal has no account id, which a signed-in user always has.
    /// </summary>
    public static ChatUser? From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true) return null;
        return principal.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id
            ? new ChatUser(id, principal.IsInRole(Roles.Admin))
            : null;
    }
}
