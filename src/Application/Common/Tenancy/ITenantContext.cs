using Scheduling.Domain.Organisations;

namespace Scheduling.Application.Common.Tenancy;

public enum TenantMode
{
    Test,
    Live,
}

/// <summary>
/// The caller's tenant: organisation + mode. Test and live data never mix, so every store call is
/// scoped by <see cref="TenantId"/>.
/// </summary>
public interface ITenantContext
{
    Organisation Organisation { get; }

    TenantMode Mode { get; }

    string TenantId { get; }
}

public static class TenantIds
{
    public static string For(string organisationId, TenantMode mode) =>
        $"{organisationId}:{(mode == TenantMode.Live ? "live" : "test")}";
}
