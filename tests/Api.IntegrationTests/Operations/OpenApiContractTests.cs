using System.Net;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Xunit.Sdk;

namespace Scheduling.Api.IntegrationTests.Operations;

/// <summary>
/// The hook every <see cref="ApiFixture.Client"/> response goes through (<see cref="OpenApiContract"/>): it refuses
/// what the served document does not declare, so the whole integration suite doubles as a document check.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiContractTests(ApiFixture fixture)
{
    private const string Patient = """
        {"id":"p_1","firstName":"Ada","lastName":"Lovelace","phone":"+447911123456","email":"ada@example.com",
         "dateOfBirth":"1980-01-02","nhsNumber":null,"externalRef":null,"address":null,"createdAt":"2030-01-08T09:00:00Z",
         "updatedAt":"2030-01-08T09:00:00Z"}
        """;

    [Fact]
    public void AResponseMatchingTheDocument_Passes()
    {
        fixture.Contract.Verify(HttpMethod.Get, "/v1/patients/p_1", Response(HttpStatusCode.OK, Patient, "application/json"));
        fixture.Contract.Verify(HttpMethod.Get, "/no/such/route", Response(HttpStatusCode.NotFound, "{}", "application/problem+json"));
    }

    [Fact]
    public void AnUndeclaredStatus_Fails()
    {
        var failure = Assert.ThrowsAny<XunitException>(() =>
            fixture.Contract.Verify(HttpMethod.Get, "/v1/patients/p_1", Response(HttpStatusCode.Gone, "", null)));
        Assert.Contains("does not declare", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABodyOffTheSchema_Fails()
    {
        var noId = Patient.Replace("\"id\":\"p_1\",", "", StringComparison.Ordinal);
        Assert.ThrowsAny<XunitException>(() =>
            fixture.Contract.Verify(HttpMethod.Get, "/v1/patients/p_1", Response(HttpStatusCode.OK, noId, "application/json")));
        var wrongType = Patient.Replace("\"1980-01-02\"", "19800102", StringComparison.Ordinal);
        Assert.ThrowsAny<XunitException>(() =>
            fixture.Contract.Verify(HttpMethod.Get, "/v1/patients/p_1", Response(HttpStatusCode.OK, wrongType, "application/json")));
    }

    [Fact]
    public void AnUndeclaredContentType_Fails()
    {
        Assert.ThrowsAny<XunitException>(() =>
            fixture.Contract.Verify(HttpMethod.Get, "/v1/patients/p_1", Response(HttpStatusCode.OK, Patient, "text/html")));
    }

    [Fact]
    public void ARequiredHeaderMissing_Fails()
    {
        const string problem = """{"type":"/problems/rate_limited","title":"Too many requests","status":429,"detail":"Slow down.","code":"rate_limited"}""";
        var failure = Assert.ThrowsAny<XunitException>(() =>
            fixture.Contract.Verify(HttpMethod.Get, "/v1/patients/p_1", Response(HttpStatusCode.TooManyRequests, problem, "application/problem+json")));
        Assert.Contains("Retry-After", failure.Message, StringComparison.Ordinal);
    }

    private static ApiResponse Response(HttpStatusCode status, string body, string? contentType)
    {
        using var message = new HttpResponseMessage(status);
        return new ApiResponse(status, body, contentType, message.Headers);
    }
}
