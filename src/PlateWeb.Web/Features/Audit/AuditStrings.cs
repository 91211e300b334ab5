namespace PlateWeb.Web.Features.Audit;

/// <summary>Marker for AuditStrings.resx: the audit page.</summary>
public sealed class AuditStrings;
