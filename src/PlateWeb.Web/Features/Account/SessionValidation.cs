using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace PlateWeb.Web.Features.Account;

/// <summary>
/// Checks the sign-in cookie against its account on every request, not every 30 minutes (Identity's
/// default): sign-out changes the security stamp, so a copied cookie stops working at once, and a
/// deleted account's cookie at its next request. The check is one lookup by primary key.
/// </summary>
public static class SessionValidation
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<IdentityUser>>();
        if (await signIn.ValidateSecurityStampAsync(context.Principal) is null)
        {
            context.RejectPrincipal();
            await signIn.SignOutAsync();
            return;
        }
        // Identity's own validator still refreshes the principal (roles, claims) at its interval.
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
