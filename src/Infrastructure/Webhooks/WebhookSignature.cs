using System.Security.Cryptography;
using System.Text;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Infrastructure.Webhooks;

/// <summary>
/// Standard Webhooks signing: <c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c> keyed with the
/// secret's bytes, one per active secret, space-separated. Written here on the BCL (the StandardWebhooks package
/// pulls the ASP.NET Core framework into its users, which Infrastructure must not depend on); the tests verify
/// with that package, an independent implementation.
/// </summary>
public static class WebhookSignature
{
    public static string Sign(string messageId, long timestamp, string body, IEnumerable<WebhookSecret> secrets)
    {
        var content = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return string.Join(' ', secrets.Select(s => "v1," + Convert.ToBase64String(HMACSHA256.HashData(s.KeyBytes(), content))));
    }
}
