using System.Net;
using NodaTime;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Domain.Tests.Webhooks;

public sealed class WebhookUrlTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("192.0.2.1")]
    [InlineData("198.18.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("fec0::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::10.1.2.3")]
    [InlineData("64:ff9b::a01:203")]
    [InlineData("2001:db8::1")]
    [InlineData("2002:a00:1::1")]
    public void NonPublicAddresses_AreRefused(string address) => Assert.False(WebhookUrl.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void PublicAddresses_AreAllowed(string address) => Assert.True(WebhookUrl.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://93.184.216.34/hooks", false, true)]
    [InlineData("https://hooks.example.com/x?token=1", false, true)]
    [InlineData("http://hooks.example.com/x", false, false)]
    [InlineData("http://hooks.example.com/x", true, false)]
    [InlineData("https://localhost/x", false, false)]
    [InlineData("http://localhost:5000/x", true, true)]
    [InlineData("http://127.0.0.1:5000/x", true, true)]
    [InlineData("http://[::1]:5000/x", true, false)]
    [InlineData("https://10.0.0.1/x", true, false)]
    [InlineData("https://[::ffff:192.168.1.1]/x", false, false)]
    public void RefusalOf_AppliesTheModeAndTheLiteralAddress(string url, bool testMode, bool allowed) =>
        Assert.Equal(allowed, WebhookUrl.RefusalOf(new Uri(url), testMode) is null);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hooks.example.com/x")]
    [InlineData("ftp://hooks.example.com/x")]
    [InlineData("https://user:pw@hooks.example.com/x")]
    [InlineData("https://hooks.example.com/x#frag")]
    public void Check_RefusesWhatIsNotAnAbsoluteHttpUrl(string? url) => Assert.NotNull(WebhookUrl.Check(url));

    [Fact]
    public void RotateSecret_KeepsTheOldOneFor24Hours_AndNeverExtendsAnExpiry()
    {
        var now = Instant.FromUtc(2030, 1, 1, 0, 0);
        var first = WebhookSecret.Generate();
        var endpoint = WebhookEndpoint.Register("whe_1", new Uri("https://hooks.example.com/x"), null, null, first, now);

        var rotated = endpoint.RotateSecret(WebhookSecret.Generate(), now);
        Assert.Equal(2, rotated.ActiveSecrets(now + Duration.FromHours(23)).Count);
        Assert.Equal(rotated.Secrets[0], Assert.Single(rotated.ActiveSecrets(now + Duration.FromHours(24))));

        var again = rotated.RotateSecret(WebhookSecret.Generate(), now + Duration.FromHours(1));
        Assert.Equal(3, again.ActiveSecrets(now + Duration.FromHours(2)).Count);
        Assert.Equal(first.Value, Assert.Single(again.Secrets, s => s.ExpiresAt == now + Duration.FromHours(24)).Value);
    }

    [Fact]
    public void RotateSecret_WithAScaledOverlap_KeepsTheOldOneThatLong()
    {
        var now = Instant.FromUtc(2030, 1, 1, 0, 0);
        var endpoint = WebhookEndpoint.Register("whe_1", new Uri("https://hooks.example.com/x"), null, null, WebhookSecret.Generate(), now);

        var rotated = endpoint.RotateSecret(WebhookSecret.Generate(), now, Duration.FromSeconds(17));
        Assert.Equal(2, rotated.ActiveSecrets(now + Duration.FromSeconds(16)).Count);
        Assert.Equal(rotated.Secrets[0], Assert.Single(rotated.ActiveSecrets(now + Duration.FromSeconds(17))));
    }
}
