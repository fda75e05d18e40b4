// A minimal webhook receiver for bench/run: reads each POST body (as a real receiver must), answers 204 and
// counts; GET /count tells the script how many arrived. No signature check: the service's cost is what is measured.
var received = 0L;
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapPost("/{**path}", async (HttpRequest request) =>
{
    await request.Body.CopyToAsync(Stream.Null);
    Interlocked.Increment(ref received);
    return Results.NoContent();
});
app.MapGet("/count", () => Results.Text(Interlocked.Read(ref received).ToString(System.Globalization.CultureInfo.InvariantCulture)));
await app.RunAsync();
