using System.Diagnostics;
using Scheduling.Application.Common.Audit;

namespace Scheduling.Api.Tenancy;

/// <summary>The audit facts of the current HTTP request: the API key's id (or the booking page), and the trace id.</summary>
public sealed class HttpAuditContext(IHttpContextAccessor accessor) : IAuditContext
{
    /// <summary>Set in <c>HttpContext.Items</c> by a channel that is not an API key (the booking page).</summary>
    public static readonly object ChannelKey = new();

    public Actor Actor => accessor.HttpContext switch
    {
        null => new Actor(ActorKind.System),
        { } http when http.Items.TryGetValue(ChannelKey, out var channel) && channel is Actor actor => actor,
        { } http => new Actor(
            http.User.HasClaim(ApiKeyAuthenticationHandler.RoleClaim, ApiKeyAuthenticationHandler.OperationsRole) ? ActorKind.Operations : ActorKind.ApiKey,
            http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value),
    };

    public string? CorrelationId => Activity.Current?.TraceId.ToHexString() ?? accessor.HttpContext?.TraceIdentifier;
}
