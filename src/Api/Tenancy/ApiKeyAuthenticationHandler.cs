using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Scheduling.Api.Infrastructure;
using Scheduling.Application.Common.Tenancy;

namespace Scheduling.Api.Tenancy;

/// <summary>Authenticates <c>Authorization: &lt;key&gt;</c> or <c>Authorization: Bearer &lt;key&gt;</c> against the configured key hashes.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    OrganisationRegistry registry)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string OrganisationClaim = "org";
    public const string ModeClaim = "mode";

    /// <summary>A short prefix of the key's hash: identifies the key (rate limits) without revealing it.</summary>
    public const string KeyIdClaim = "kid";

    /// <summary>Present, with value <see cref="OperationsRole"/>, on an operations key's identity (<see cref="OperationsPolicy"/>).</summary>
    public const string RoleClaim = "role";
    public const string OperationsRole = "operations";

    /// <summary>The authorisation policy of operations-only endpoints (patient erasure).</summary>
    public const string OperationsPolicy = "operations";
    private const int MaxKeyLength = 256;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header.Trim();
        if (key.Length is 0 or > MaxKeyLength || registry.AuthenticateKey(key, out var keyId) is not { } tenant)
        {
            // The key itself is never logged.
            return Task.FromResult(AuthenticateResult.Fail("The API key matches no organisation."));
        }

        List<Claim> claims =
        [
            new(OrganisationClaim, tenant.Organisation.Id),
            new(ModeClaim, tenant.Mode == TenantMode.Live ? "live" : "test"),
            new(KeyIdClaim, keyId),
        ];
        if (tenant.Operations)
        {
            claims.Add(new Claim(RoleClaim, OperationsRole));
        }

        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(
            Context,
            StatusCodes.Status403Forbidden,
            "forbidden",
            "Forbidden",
            "This operation needs an operations API key of the organisation; the key sent is a client key.");

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.Write(
            Context,
            StatusCodes.Status401Unauthorized,
            "unauthorized",
            "Unauthorized",
            "Send a valid API key in the Authorization header ('Authorization: <key>' or 'Authorization: Bearer <key>').");
}
