using System.Net;
using System.Net.Sockets;
using Scheduling.Application.Webhooks;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Infrastructure.Webhooks;

/// <summary>The address a webhook is not allowed to reach (the message names no address or URL).</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

/// <summary>
/// Server-side request forgery protection. <see cref="Connect"/> is the webhook client's
/// <see cref="SocketsHttpHandler.ConnectCallback"/>: it resolves the host itself and connects only to addresses
/// <see cref="WebhookUrl.IsPublic"/> accepts (loopback only for a test-mode request to localhost/127.0.0.1), so a
/// name that resolved to a public address at registration and to a private one now (DNS rebinding) is refused
/// before any byte is sent. <see cref="Refusal"/> is the registration-time check on the same rule.
/// </summary>
public sealed class WebhookConnections : IWebhookTargets
{
    public static readonly HttpRequestOptionsKey<bool> TestMode = new("scheduling.webhooks.test-mode");

    public async Task<string?> Refusal(Uri url, bool testMode, CancellationToken cancellationToken)
    {
        if (testMode && WebhookUrl.IsDevelopmentHost(url.Host))
        {
            return null;
        }

        try
        {
            var addresses = await Resolve(url.IdnHost, cancellationToken);
            return addresses.Length > 0 && addresses.All(WebhookUrl.IsPublic) ? null : "The webhook URL's host resolves to an address that is not public.";
        }
        catch (SocketException)
        {
            return "The webhook URL's host name does not resolve.";
        }
    }

    public static async ValueTask<Stream> Connect(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var testMode = context.InitialRequestMessage.Options.TryGetValue(TestMode, out var test) && test;
        var addresses = await Resolve(host, cancellationToken);
        var allowed = addresses.Where(a => WebhookUrl.IsPublic(a) || (testMode && WebhookUrl.IsDevelopmentHost(host) && IPAddress.IsLoopback(a))).ToArray();
        if (allowed.Length == 0 || allowed.Length != addresses.Length)
        {
            throw new WebhookTargetRefusedException("The webhook host resolves to an address that is not public.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
}
