using System.Net;
using System.Net.Sockets;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Webhooks;

/// <summary>
/// Where webhooks may go (server-side request forgery protection). Live mode: https to a host whose every address
/// is public. Test mode also allows http to <c>localhost</c> / <c>127.0.0.1</c> for development. The same
/// <see cref="IsPublic"/> is checked at registration (on what the name resolves to) and again on the address a
/// connection is about to be opened to, so a name that later resolves elsewhere (DNS rebinding) is still refused.
/// </summary>
public static class WebhookUrl
{
    public const string InvalidCode = "invalid_webhook_url";
    public const int MaxLength = 2048;

    /// <summary>The field's own rule (400): an absolute http(s) URL without credentials or fragment.</summary>
    public static RuleViolation? Check(string? value, string member = "url")
    {
        if (FieldRules.RequiredWithin(value, MaxLength, member) is { } missing)
        {
            return missing;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.UserInfo.Length == 0 && uri.Fragment.Length == 0 && uri.Host.Length > 0
                ? null
                : RuleViolation.Invalid(member, $"'{member}' must be an absolute http(s) URL without credentials or fragment.");
    }

    /// <summary>Loopback names the test mode may use; nothing else non-public is ever allowed.</summary>
    public static bool IsDevelopmentHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host == "127.0.0.1";

    /// <summary>
    /// The target rule that needs the tenant's mode (422 <c>invalid_webhook_url</c>): scheme and, for an address
    /// literal, the address. A host name is then resolved by the caller and each address checked with <see cref="IsPublic"/>.
    /// </summary>
    public static string? RefusalOf(Uri url, bool testMode)
    {
        if (testMode && IsDevelopmentHost(url.Host))
        {
            return null;
        }

        if (url.Scheme != Uri.UriSchemeHttps)
        {
            return testMode
                ? "Webhook URLs must use https (test mode also allows http to localhost or 127.0.0.1)."
                : "Webhook URLs must use https.";
        }

        // "localhost" and its subdomains always mean this machine (RFC 6761), whatever a resolver says.
        var isLocalName = url.IdnHost.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || url.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        return isLocalName || (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address) && !IsPublic(address))
            ? "The webhook URL's host is not a public address."
            : null;
    }

    /// <summary>
    /// False for loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10),
    /// CGNAT (100.64/10), multicast, unspecified, broadcast, documentation, benchmarking and other reserved ranges,
    /// for IPv4, IPv6 and IPv4-mapped/-translated IPv6 alike.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0 // "this network", unspecified
        || b[0] == 10
        || b[0] == 127
        || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // CGNAT
        || (b[0] == 169 && b[1] == 254)
        || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
        || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
        || (b[0] == 192 && b[1] == 0 && b[2] == 2) // documentation
        || (b[0] == 192 && b[1] == 88 && b[2] == 99) // 6to4 relay anycast
        || (b[0] == 192 && b[1] == 168)
        || (b[0] == 198 && (b[1] == 18 || b[1] == 19)) // benchmarking
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)
        || (b[0] == 203 && b[1] == 0 && b[2] == 113)
        || b[0] >= 224); // multicast, reserved, broadcast

    private static bool IsPublicV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Loopback) || address.Equals(IPAddress.IPv6None)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
        {
            return false;
        }

        // IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96): judge the embedded IPv4 address.
        if (b.Take(12).All(x => x == 0) || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0)))
        {
            return IsPublicV4(b[12..]);
        }

        return (b[0] & 0xe0) == 0x20 // only global unicast (2000::/3) is public ...
            && !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) // ... except documentation 2001:db8::/32
            && !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) // Teredo 2001::/32
            && !(b[0] == 0x20 && b[1] == 0x02); // 6to4 2002::/16 (may wrap a private IPv4 address)
    }
}
