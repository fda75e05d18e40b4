using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.BookingPage;

/// <summary>A patient's browser over HTTP: no API key, its own cookie jar (the antiforgery cookie), forms posted as a browser posts them.</summary>
public sealed partial class BookingPageClient(SchedulingApiFactory factory)
{
    private readonly HttpClient http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The path of a <c>schedulingLink.url</c> (the tests' server is not at the configured public base URL).</summary>
    public static string PathOf(string url) => new Uri(url).PathAndQuery;

    public Task<PageResponse> Get(string path) => Send(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>Posts the form of <paramref name="page"/> (its antiforgery field) to <paramref name="path"/> with <paramref name="fields"/>.</summary>
    public Task<PageResponse> Submit(PageResponse page, string path, params (string Name, string Value)[] fields) =>
        Post(path, [("__af", page.AntiforgeryToken), .. fields]);

    public Task<PageResponse> Post(string path, IEnumerable<(string Name, string Value)> fields) =>
        Send(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        });

    private async Task<PageResponse> Send(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await http.SendAsync(request);
            return new PageResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, response.Headers);
        }
    }
}

public sealed partial record PageResponse(HttpStatusCode Status, string Html, string? ContentType, System.Net.Http.Headers.HttpResponseHeaders Headers)
{
    public string AntiforgeryToken =>
        AntiforgeryField().Match(Html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"No antiforgery field in: {Html}");

    /// <summary>The page's text with tags removed and entities decoded, whitespace collapsed.</summary>
    public string Text => Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(Html, "<[^>]+>", " ")), @"\s+", " ");

    public PageResponse AssertStatus(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"Expected {(int)expected} but got {(int)Status}: {Text}");
        Assert.Equal("text/html", ContentType);
        return this;
    }

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
