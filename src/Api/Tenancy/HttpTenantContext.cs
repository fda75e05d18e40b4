using Scheduling.Application.Common.Tenancy;
using Scheduling.Domain.Organisations;

namespace Scheduling.Api.Tenancy;

/// <summary>The tenant of the authenticated caller of the current HTTP request.</summary>
public sealed class HttpTenantContext(IHttpContextAccessor accessor, OrganisationRegistry registry) : ITenantContext
{
    private (Organisation Organisation, TenantMode Mode)? resolved;

    public Organisation Organisation => Resolve().Organisation;

    public TenantMode Mode => Resolve().Mode;

    public string TenantId => TenantIds.For(Organisation.Id, Mode);

    private (Organisation Organisation, TenantMode Mode) Resolve()
    {
        if (resolved is { } value)
        {
            return value;
        }

        var user = accessor.HttpContext?.User ?? throw new InvalidOperationException("No HTTP request is in progress.");
        var organisationId = user.FindFirst(ApiKeyAuthenticationHandler.OrganisationClaim)?.Value
            ?? throw new InvalidOperationException("The request is not authenticated.");
        var organisation = registry.Find(organisationId) ?? throw new InvalidOperationException("The authenticated organisation is not configured.");
        var mode = user.FindFirst(ApiKeyAuthenticationHandler.ModeClaim)?.Value == "live" ? TenantMode.Live : TenantMode.Test;
        resolved = (organisation, mode);
        return resolved.Value;
    }
}
