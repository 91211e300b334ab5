namespace PlateWeb.Web.Features.Account;

/// <summary>Marker for AccountStrings.resx: sign-in, first-run setup, users.</summary>
public sealed class AccountStrings;
