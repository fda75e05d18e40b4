using System.Net;
using System.Text;
using CsCheck;
using Scheduling.Reliability.Tests.Infrastructure;

namespace Scheduling.Reliability.Tests;

/// <summary>
/// Property: for any malformed or adversarial request the service answers below 500, every error is
/// application/problem+json, and nothing is stored. Every generated request is invalid by construction
/// (a broken key, body, field, id, header or query), so the store must not change at all.
/// </summary>
public sealed class HostileInputTests : ClusterTest
{
    private sealed record HostileRequest(string Method, string Path, byte[]? Body, string? ContentType, Dictionary<string, string> Headers, string? Key)
    {
        public override string ToString() =>
            $"{Method} {Path} key={Key} ct={ContentType} headers=[{string.Join(", ", Headers.Select(h => $"{h.Key}: {h.Value}"))}] body={(Body is null ? "none" : Convert.ToBase64String(Body.Take(200).ToArray()))}";
    }

    private static readonly Gen<string> Junk = Gen.OneOf(
        Gen.String[0, 40],
        Gen.Char['\0', '\u001f'].Array[1, 10].Select(c => new string(c)),
        Gen.Const("'; drop table scheduling.mt_events; --"),
        Gen.Const("\u202e\ud800"),
        Gen.Int[1, 70_000].Select(n => new string('x', n)),
        Gen.Const("../../etc/passwd"),
        Gen.Const("%00%ff"),
        Gen.Const("apt_" + new string('a', 65)));

    private static readonly Gen<string> OddId = Gen.OneOf(
        Junk.Select(Uri.EscapeDataString),
        Gen.Const("apt_doesnotexist"),
        Gen.Const("win_0193"),
        Gen.Const("p_%20"),
        Gen.Const("apt_..%2F"));

    private static readonly Gen<string> JsonScalar = Gen.OneOf(
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Const("true"), Gen.Const("null"), Gen.Const("1e309"), Gen.Const("-0.0"), Gen.Const("[]"), Gen.Const("{}"),
        Junk.Select(s => System.Text.Json.JsonSerializer.Serialize(s)));

    // Always broken: unknown fields, wrong types, invalid values, or not JSON at all.
    private static readonly Gen<byte[]> BrokenBody = Gen.OneOf(
        Gen.Byte.Array[0, 300],
        Junk.Select(Encoding.UTF8.GetBytes),
        Gen.Select(Junk, JsonScalar, (name, value) => Encoding.UTF8.GetBytes($"{{\"x{System.Text.Json.JsonSerializer.Serialize(name)[1..]}:{value}}}")),
        Gen.Select(Gen.OneOf(Gen.Const("patientId"), Gen.Const("taskId"), Gen.Const("phone"), Gen.Const("location"), Gen.Const("documentIds"), Gen.Const("planFrom"), Gen.Const("metadata"), Gen.Const("windowId"), Gen.Const("capacity"), Gen.Const("start")), JsonScalar,
            (field, value) => Encoding.UTF8.GetBytes($"{{\"{field}\":{value}}}")),
        Gen.Int[20, 400].Select(depth => Encoding.UTF8.GetBytes("{\"metadata\":" + new string('[', depth) + new string(']', depth) + "}")),
        Gen.Const(new byte[] { (byte)'{', (byte)'"', (byte)'n', (byte)'"', (byte)':', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)'}' }),
        Gen.Const(Encoding.UTF8.GetBytes("{\"note\":\"" + new string('n', 1_100_000) + "\"}")));

    private static readonly Gen<string> Key = Gen.OneOf(
        Gen.Const(Http.DemoKey), Gen.Const($"Bearer {Http.DemoKey}"), Gen.Const(Http.OtherKey));

    private static readonly Gen<string> BadKey = Gen.OneOf(
        Junk, Gen.Const("test_demo_0000000000000001"), Gen.Const("Bearer"), Gen.Const("live_"), Gen.Const(string.Empty));

    private static readonly Gen<HostileRequest> Request = Gen.OneOf(
        // Bodies that are broken, to every POST endpoint.
        Gen.Select(Gen.OneOf(Gen.Const("/v1/appointments"), Gen.Const("/v1/patients"), Gen.Const("/v1/availability/windows"),
                OddId.Select(id => $"/v1/appointments/{id}/schedule"), OddId.Select(id => $"/v1/appointments/{id}/cancel")),
            BrokenBody, Key, Gen.OneOf(Gen.Const("application/json"), Gen.Const("text/plain"), Gen.Const("application/xml"), Gen.Const("application/json; charset=latin1")),
            (path, body, key, type) => new HostileRequest("POST", path, body, type, [], key)),
        // Odd ids and odd query strings on the reads.
        Gen.Select(OddId, Key, (id, key) => new HostileRequest("GET", $"/v1/appointments/{id}", null, null, [], key)),
        Gen.Select(OddId, Key, (id, key) => new HostileRequest("GET", $"/v1/patients/{id}/", null, null, [], key)),
        Gen.Select(Junk, Junk, Key, (filter, cursor, key) => new HostileRequest("GET", $"/v1/appointments?filter={Uri.EscapeDataString(filter)}&cursor={Uri.EscapeDataString(cursor)}&limit=20", null, null, [], key)),
        Gen.Select(Junk, Key, (limit, key) => new HostileRequest("GET", $"/v1/appointments?limit={Uri.EscapeDataString(limit)}", null, null, [], key)),
        Gen.Select(Junk, Junk, Key, (task, from, key) => new HostileRequest("GET", $"/v1/availability?taskId={Uri.EscapeDataString(task)}&from={Uri.EscapeDataString(from)}&to=2026-13-01", null, null, [], key)),
        Gen.Select(OddId, Key, (id, key) => new HostileRequest("POST", $"/v1/appointments/{id}/complete", null, null, [], key)),
        // Valid-looking requests with a bad key.
        Gen.Select(BadKey, key => new HostileRequest("POST", "/v1/patients", Encoding.UTF8.GetBytes("""{"firstName":"Eve","lastName":"Eve","phone":"+447911123456","email":"e@example.com","dateOfBirth":"1970-01-01"}"""), "application/json", [], key)),
        // Bad headers on an otherwise broken body.
        Gen.Select(Gen.Char[' ', '~'].Array[256, 300], Key, (chars, key) => new HostileRequest("POST", "/v1/appointments", "{}"u8.ToArray(), "application/json", new() { ["Idempotency-Key"] = new string(chars) }, key)),
        Gen.Select(Junk, Key, (value, key) => new HostileRequest("POST", "/v1/appointments", "{}"u8.ToArray(), "application/json", new() { ["Accept"] = value, ["X-Forwarded-For"] = value }, key)));

    // "METHOD /path HTTP/1.1": Kestrel's 8 KiB limit applies to the whole line.
    private static int RequestLineLength(HostileRequest request) => request.Method.Length + request.Path.Length + " HTTP/1.1".Length + 1;

    private static bool BreaksHttpItself(HostileRequest request) =>
        request.Path.Contains("%00", StringComparison.Ordinal)
        || request.Headers.Values.Append(request.Key ?? string.Empty).Any(v => v.Any(c => c < ' ' || c > '~'));

    [Fact]
    public async Task TenThousandHostileRequests_NeverA5xx_AlwaysAProblem_AndTheStoreIsUnchanged()
    {
        var service = await StartService();
        var rowsBefore = await Store.TotalRows();
        var count = 0;

        await Request.SampleAsync(
            async request =>
            {
                using var http = new Http(service.BaseAddress, request.Key ?? string.Empty);
                var headers = new Dictionary<string, string>(request.Headers);
                var reply = await http.Send(new HttpMethod(request.Method), request.Path, contentType: request.ContentType, headers: headers, rawBody: request.Body);
                Interlocked.Increment(ref count);

                if (reply.Status == 0)
                {
                    // The server answers 413/414 and closes before it has read an oversized request; the client then
                    // fails to finish sending. Only those requests may end without a readable answer.
                    Assert.True(RequestLineLength(request) > 8 * 1024 || request.Body?.Length > 1024 * 1024, $"no answer: {reply.Body} for {request}");
                    return;
                }

                Assert.True((int)reply.Status < 500, $"{(int)reply.Status} for {request}: {reply.Body}");
                if (reply.Status == HttpStatusCode.RequestUriTooLong)
                {
                    // Kestrel refuses request lines over 8 KiB before the application runs (docs/reliability.md).
                    Assert.True(RequestLineLength(request) > 8 * 1024, $"414 for a short request line: {request}");
                }
                else if (reply.Status == HttpStatusCode.RequestHeaderFieldsTooLarge)
                {
                    // Kestrel's 32 KiB limit on all request headers, likewise before the application runs.
                    Assert.True(request.Headers.Values.Append(request.Key ?? string.Empty).Sum(v => v.Length) > 30 * 1024, $"431 for small headers: {request}");
                }
                else if (reply.Status == HttpStatusCode.BadRequest && reply.ContentType is null)
                {
                    // Kestrel also refuses, before the application runs, a request target with an encoded NUL and
                    // header values with control characters: HTTP-level errors with no body (docs/reliability.md).
                    Assert.True(BreaksHttpItself(request), $"a bare 400 outside the protocol-level cases: {request}");
                }
                else if ((int)reply.Status >= 400)
                {
                    Assert.True(reply.ContentType == "application/problem+json", $"{(int)reply.Status} without a problem body for {request}");
                }

                if (request.Method == "POST")
                {
                    Assert.True((int)reply.Status >= 400, $"a broken POST was accepted: {request} -> {reply.Body}");
                }
            },
            iter: 10_000,
            threads: 4,
            print: r => r.ToString());

        Assert.True(count >= 10_000);
        Assert.Equal(rowsBefore, await Store.TotalRows());
        Assert.True(service.Output.Length < 10_000_000);
    }
}
