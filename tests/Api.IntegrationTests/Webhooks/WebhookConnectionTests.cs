using Scheduling.Infrastructure.Webhooks;
using Scheduling.Tests.Shared;

namespace Scheduling.Api.IntegrationTests.Webhooks;

/// <summary>
/// The connect-time guard itself (the webhook client's ConnectCallback), against a receiver on 127.0.0.1: a live
/// request to a loopback address is refused before any byte is sent (as after DNS rebinding); a test-mode request
/// to 127.0.0.1 goes through.
/// </summary>
public sealed class WebhookConnectionTests : IAsyncLifetime
{
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    private static HttpClient Client() => new(new SocketsHttpHandler { ConnectCallback = WebhookConnections.Connect, AllowAutoRedirect = false, UseProxy = false });

    private HttpRequestMessage Request(bool testMode)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, receiver.Url) { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("webhook-id", "evt_connect");
        request.Options.Set(WebhookConnections.TestMode, testMode);
        return request;
    }

    [Fact]
    public async Task ALiveRequestToLoopback_IsRefusedBeforeConnecting()
    {
        using var client = Client();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(Request(testMode: false)));

        Assert.IsType<WebhookTargetRefusedException>(refused.InnerException);
        await Task.Delay(200);
        Assert.Equal(0, receiver.Arrived);
    }

    [Fact]
    public async Task ATestModeRequestTo127001_GoesThrough()
    {
        using var client = Client();

        using var response = await client.SendAsync(Request(testMode: true));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(1, receiver.Arrived);
    }
}
