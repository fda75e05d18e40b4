using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Infrastructure.Security;

namespace Scheduling.Api.BookingPage;

/// <summary>What a scheduling link's token names: the tenant, the appointment and the link's generation.</summary>
public sealed record BookingLinkClaims(string OrganisationId, TenantMode Mode, string AppointmentId, int Generation)
{
    public string TenantId => TenantIds.For(OrganisationId, Mode);
}

/// <summary>
/// Scheduling-link tokens: <c>base64url(payload) "." base64url(HMAC-SHA256(key, payload))</c>. The key is a random
/// 256-bit secret kept in PostgreSQL (<see cref="PostgresKeyTables"/>), so every instance and every restart accepts
/// the same tokens; without it a token cannot be made or altered. Deterministic, so an appointment's link reads the
/// same on every response. Whether a token still works (generation, expiry, status) is the appointment's rule, not
/// the token's (<c>Appointment.CheckSchedulingLink</c>).
/// </summary>
public sealed class BookingLinkTokens(PostgresKeyTables keys)
{
    private const string Purpose = "booking_link_v1";
    private const string Version = "v1";
    private const int MaxTokenLength = 512;

    public string Create(BookingLinkClaims claims)
    {
        var payload = Encoding.UTF8.GetBytes(string.Join(
            '|', Version, claims.OrganisationId, claims.Mode == TenantMode.Live ? "live" : "test", claims.AppointmentId, claims.Generation.ToString(CultureInfo.InvariantCulture)));
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Sign(payload))}";
    }

    /// <summary>The token's claims, or null when it is malformed or its signature does not match (tampered, or made elsewhere).</summary>
    public BookingLinkClaims? Read(string? token)
    {
        if (token is null || token.Length > MaxTokenLength || token.Split('.') is not [var payloadText, var macText])
        {
            return null;
        }

        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(payloadText);
            mac = Base64Url.DecodeFromChars(macText);
        }
        catch (FormatException)
        {
            return null;
        }

        // Only the canonical spelling: a token has exactly one form (no variants to spread the rate limit over).
        if (Base64Url.EncodeToString(payload) != payloadText || Base64Url.EncodeToString(mac) != macText
            || !CryptographicOperations.FixedTimeEquals(mac, Sign(payload)))
        {
            return null;
        }

        return Encoding.UTF8.GetString(payload).Split('|') is [Version, var organisation, var mode, var appointment, var generationText]
            && mode is "test" or "live"
            && int.TryParse(generationText, NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            ? new BookingLinkClaims(organisation, mode == "live" ? TenantMode.Live : TenantMode.Test, appointment, generation)
            : null;
    }

    private byte[] Sign(byte[] payload) => HMACSHA256.HashData(keys.SigningKey(Purpose), payload);
}
