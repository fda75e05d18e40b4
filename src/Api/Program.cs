using JasperFx;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Scalar.AspNetCore;
using Scheduling.Api.BookingPage;
using Scheduling.Api.Security;
using Scheduling.Api.Endpoints;
using Scheduling.Api.Health;
using Scheduling.Api.Idempotency;
using Scheduling.Api.Infrastructure;
using Scheduling.Api.Json;
using Scheduling.Api.Logging;
using Scheduling.Api.Observability;
using Scheduling.Api.OpenApi;
using Scheduling.Api.Development;
using Scheduling.Api.RateLimiting;
using Scheduling.Api.Tenancy;
using Scheduling.Application;
using Scheduling.Application.Common.Audit;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Api.Webhooks;
using Scheduling.Application.Webhooks;
using Scheduling.Application.Patients.Erase;
using Scheduling.Api.Contracts;
using Scheduling.Infrastructure;
using Scheduling.Infrastructure.Webhooks;
using Scheduling.Infrastructure.Security;
using Scheduling.Infrastructure.Serialization;

var builder = WebApplication.CreateBuilder(args);
builder.Host.ApplyJasperFxExtensions();

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = JsonLimits.MaxBodyBytes;

    // A header byte above 0x7F would otherwise be refused by Kestrel with a bare 400 (no problem body); read as
    // Latin-1, it reaches the code that answers it with a problem (e.g. 400 'invalid_idempotency_key', 412).
    kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
});

var connectionString = builder.Configuration.GetConnectionString("Scheduling")
    ?? throw new InvalidOperationException("Set ConnectionStrings:Scheduling (e.g. env ConnectionStrings__Scheduling); ./run starts a local database and sets it.");

builder.Services.ConfigureHttpJsonOptions(options =>
{
    SchedulingJson.Configure(options.SerializerOptions);
    options.SerializerOptions.Converters.Add(new MetadataAsRawJsonConverter());
    options.SerializerOptions.Converters.Add(new RawJsonConverter());
    // A misspelt field ("windowID") must not silently turn a booking into patient-led scheduling.
    options.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
    options.SerializerOptions.MaxDepth = JsonLimits.MaxDepth;
    // Numbers are JSON numbers: "capacity": "5" is a type error, and the document says 'integer', not 'integer or string'.
    options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
});

builder.Services.AddOptions<OrganisationsOptions>().BindConfiguration(OrganisationsOptions.Section);
builder.Services.AddSingleton<OrganisationRegistry>();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<ITenantContext, HttpTenantContext>();
builder.Services.AddScoped<IAuditContext, HttpAuditContext>();
builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorization(options => options.AddPolicy(
    ApiKeyAuthenticationHandler.OperationsPolicy,
    policy => policy.RequireClaim(ApiKeyAuthenticationHandler.RoleClaim, ApiKeyAuthenticationHandler.OperationsRole)));

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
builder.Services.AddOpenApi(options => options.AddSchedulingDocument().AddWebhooksDocument());
builder.Services.AddApiKeyRateLimiting();

builder.Services.AddSchedulingTelemetry(builder.Configuration);
builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.Section));
builder.Services.AddSingleton<IWebhookPayloads, WebhookPayloads>();
builder.Services.AddSingleton<IResourceBodies, ResourceBodies>();

// The patient booking page (docs/booking-page.md): server-rendered Razor components, antiforgery keys in PostgreSQL.
builder.Services.AddOptions<BookingPageOptions>().BindConfiguration(BookingPageOptions.Section);
builder.Services.AddSingleton<BookingLinkTokens>();
builder.Services.AddScoped<SchedulingLinks>();
builder.Services.AddRazorComponents();
builder.Services.AddDataProtection().SetApplicationName("scheduling");
builder.Services.AddOptions<KeyManagementOptions>()
    .Configure<PostgresKeyTables>((options, tables) => options.XmlRepository = new PostgresXmlRepository(tables));
builder.Services.AddAntiforgery(options =>
{
    options.Cookie.Name = "booking_af";
    options.Cookie.Path = "/book";
    options.Cookie.SameSite = SameSiteMode.Strict;
    options.Cookie.HttpOnly = true;
    options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    options.FormFieldName = "__af";
});

builder.Services.AddApplication();
builder.Services.AddInfrastructure(connectionString);

// After the store's own start-up work (schema), so the demo records can be written.
if (builder.Configuration.GetValue<bool>(DemoData.Section))
{
    builder.Services.AddHostedService<DemoData>();
}

var app = builder.Build();

app.UseMiddleware<RequestLoggingMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages(async context =>
{
    var http = context.HttpContext;
    if (!http.Response.HasStarted && http.Response.ContentLength is null && string.IsNullOrEmpty(http.Response.ContentType))
    {
        var status = http.Response.StatusCode;
        var (code, detail) = status switch
        {
            404 => ("not_found", "No resource exists at this address."),
            405 => ("method_not_allowed", "This method is not allowed on this resource."),
            415 => ("unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json'."),
            _ => ("request_failed", "The request failed."),
        };
        await Problems.Write(http, status, code, Problems.TitleFor(status), detail);
    }
});
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseMiddleware<UnknownQueryParametersMiddleware>();
app.UseMiddleware<IdempotencyMiddleware>();

// Again inside: endpoint exceptions become problems here, so the idempotency layer sees (and stores) the problem response.
app.UseExceptionHandler();

app.MapHealthEndpoints();
app.MapMetricsEndpoint(builder.Configuration);
app.MapOpenApi("/openapi/{documentName}.json");
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}

app.MapPatientEndpoints();
app.MapAvailabilityEndpoints();
app.MapAppointmentEndpoints();
app.MapEventEndpoints();
app.MapWebhookEndpoints();
app.MapBookingPage();

return await app.RunJasperFxCommands(args);

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
