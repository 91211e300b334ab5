using Microsoft.AspNetCore.Identity;

namespace PlateWeb.Web.Features.Account;

/// <summary>A user as the Users page lists them; <see cref="Paused"/>: sign-in paused from some address after wrong passwords.</summary>
public sealed record UserRow(string Id, string UserName, string Role, bool Paused);

/// <summary>Account operations shared by the setup page, the Users page and the start-up initializer.</summary>
public static class AccountService
{
    /// <summary>Creates a user with one role; the error messages (password rules, name taken) or nothing.</summary>
    public static async Task<IReadOnlyList<string>> CreateUserAsync(UserManager<IdentityUser> users, string userName, string password, string role)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (!Roles.All.Contains(role)) return [$"Unknown role {role}."];
        var user = new IdentityUser(userName.Trim());
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return created.Errors.Select(e => e.Description).ToList();
        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
            return added.Errors.Select(e => e.Description).ToList();
        }
        return [];
    }

    public static async Task<IReadOnlyList<UserRow>> ListAsync(UserManager<IdentityUser> users, LoginThrottle throttle)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(throttle);
        var rows = new List<UserRow>();
        foreach (var user in users.Users.OrderBy(u => u.UserName).ToList())
        {
            var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.Viewer;
            var name = user.UserName ?? "";
            rows.Add(new UserRow(user.Id, name, role, throttle.IsPaused(name) || await users.IsLockedOutAsync(user)));
        }
        return rows;
    }

    /// <summary>Lets a user sign in again from every address at once (and ends a lockout an older version set).</summary>
    public static async Task<string?> UnlockAsync(UserManager<IdentityUser> users, LoginThrottle throttle, string userId)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(throttle);
        if (await users.FindByIdAsync(userId) is not { } user) return "No such user.";
        throttle.Clear(user.UserName ?? "");
        if (await users.IsLockedOutAsync(user)) await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return null;
    }

    /// <summary>Deletes a user unless it is the last admin (an install must keep one).</summary>
    public static async Task<string?> DeleteAsync(UserManager<IdentityUser> users, string userId)
    {
        ArgumentNullException.ThrowIfNull(users);
        var user = await users.FindByIdAsync(userId);
        if (user is null) return "No such user.";
        if (await users.IsInRoleAsync(user, Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
        {
            return "The last admin account cannot be deleted.";
        }
        // Its cookies are refused at their next request and its circuits at their next check (SessionValidation).
        var result = await users.DeleteAsync(user);
        return result.Succeeded ? null : string.Join(" ", result.Errors.Select(e => e.Description));
    }
}
