using System.Security.Cryptography;
using NodaTime;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Webhooks;

/// <summary>A signing secret: <c>whsec_</c> + base64 of 32 random bytes; a rotated-out one signs until <see cref="ExpiresAt"/>.</summary>
public sealed record WebhookSecret(string Value, Instant? ExpiresAt)
{
    public const string Prefix = "whsec_";

    public static WebhookSecret Generate() => new(Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), null);

    /// <summary>The HMAC key: the bytes the base64 after the prefix stands for.</summary>
    public byte[] KeyBytes() => Convert.FromBase64String(Value[Prefix.Length..]);

    public bool IsActive(Instant now) => ExpiresAt is not { } expires || expires > now;
}

/// <summary>
/// A client's webhook endpoint in one tenant. Immutable; every change returns a new value. The secrets are
/// returned to the client only on create and rotate.
/// </summary>
public sealed record WebhookEndpoint(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    string? Description,
    bool Enabled,
    IReadOnlyList<WebhookSecret> Secrets,
    Instant CreatedAt,
    Instant UpdatedAt)
{
    public const string IdPrefix = "whe_";
    public const int MaxDescriptionLength = 500;
    public const int MaxEvents = 50;

    /// <summary>How long a rotated-out secret keeps signing beside the new one.</summary>
    public static readonly Duration RotationOverlap = Duration.FromHours(24);

    public static RuleViolation? CheckDescription(string? value) => FieldRules.MaxLength(value, MaxDescriptionLength, "description");

    /// <summary>Event type names as the audit trail spells them (<c>appointment.created</c>); new types need no change here.</summary>
    public static IEnumerable<RuleViolation> CheckEvents(IReadOnlyList<string?>? events)
    {
        if (events is null)
        {
            yield break;
        }

        if (events.Count > MaxEvents)
        {
            yield return RuleViolation.Invalid("events", $"'events' can hold at most {MaxEvents} types.");
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (!IsEventType(events[i]))
            {
                yield return RuleViolation.Invalid($"events[{i}]", $"'events[{i}]' must be an event type such as 'appointment.scheduled'.");
            }
        }
    }

    public const int MaxEventTypeLength = 64;

    /// <summary><see cref="IsEventType"/> as a regular expression (ECMA-262), for the OpenAPI document.</summary>
    public const string EventTypePattern = "^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$";

    public static bool IsEventType(string? value) =>
        value is { Length: > 0 and <= MaxEventTypeLength }
        && value.Split('.') is [var family, var name]
        && IsSnakeCase(family) && IsSnakeCase(name);

    public static WebhookEndpoint Register(string id, Uri url, IReadOnlyList<string>? events, string? description, WebhookSecret secret, Instant now)
    {
        FieldRules.Enforce([EntityId.Check(id, IdPrefix, "id"), CheckDescription(description), .. CheckEvents(events)]);
        return new(id, url.AbsoluteUri, Distinct(events), description, true, [secret], now, now);
    }

    public WebhookEndpoint Update(Uri? url, IReadOnlyList<string>? events, bool? enabled, string? description, Instant now)
    {
        FieldRules.Enforce([CheckDescription(description), .. CheckEvents(events)]);
        return this with
        {
            Url = url?.AbsoluteUri ?? Url,
            Events = events is null ? Events : Distinct(events),
            Enabled = enabled ?? Enabled,
            Description = description ?? Description,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// A new secret signs from now on; the ones still active keep signing for <paramref name="overlap"/>
    /// (<see cref="RotationOverlap"/> unless a deployment scales it, as the reliability tests do).
    /// </summary>
    public WebhookEndpoint RotateSecret(WebhookSecret fresh, Instant now, Duration? overlap = null) =>
        this with
        {
            Secrets = [fresh, .. Secrets.Where(s => s.IsActive(now)).Select(s => s with { ExpiresAt = Min(s.ExpiresAt, now + (overlap ?? RotationOverlap)) })],
            UpdatedAt = now,
        };

    public IReadOnlyList<WebhookSecret> ActiveSecrets(Instant now) => [.. Secrets.Where(s => s.IsActive(now))];

    /// <summary>An empty list means every type.</summary>
    public bool IsSubscribedTo(string eventType) => Events.Count == 0 || Events.Contains(eventType, StringComparer.Ordinal);

    private static Instant Min(Instant? a, Instant b) => a is { } value && value < b ? value : b;

    private static IReadOnlyList<string> Distinct(IReadOnlyList<string>? events) => [.. (events ?? []).Distinct(StringComparer.Ordinal)];

    private static bool IsSnakeCase(string value) =>
        value.Length > 0 && char.IsAsciiLetterLower(value[0]) && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
