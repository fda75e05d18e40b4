using System.Security.Claims;
using NodaTime;
using Scheduling.Api.Tenancy;
using Scheduling.Application.Availability;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Patients;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;
using Scheduling.Domain.Patients;

namespace Scheduling.Api.Development;

/// <summary>
/// Demo records with fixed ids in <c>org_demo</c>'s test tenant, so the OpenAPI document's request examples (which
/// name them) succeed against <c>./run</c>: a patient and a far-future window of <c>tsk_bloodtest</c>. Created once
/// (kept between runs); switched on by <c>Scheduling:DemoData</c> (./run sets it; the tests do not).
/// </summary>
public sealed class DemoData(IServiceProvider services, OrganisationRegistry organisations, ILogger<DemoData> logger) : IHostedService
{
    public const string Section = "Scheduling:DemoData";
    public const string OrganisationId = "org_demo";
    public const string PatientId = "p_demopatient1";
    public const string WindowId = "win_demowindow1";
    public const string TaskId = "tsk_bloodtest";

    /// <summary>The demo window: 7 January 2031, 09:00-11:00 UTC, 100 places.</summary>
    public static readonly Instant WindowStart = Instant.FromUtc(2031, 1, 7, 9, 0);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (organisations.Find(OrganisationId) is null)
        {
            return;
        }

        await Seed(services, cancellationToken);
        logger.LogInformation("Demo data present in {Organisation} (test mode)", OrganisationId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Adds what is missing, as a test-mode request of <c>org_demo</c> would.</summary>
    public static async Task Seed(IServiceProvider root, CancellationToken cancellationToken)
    {
        await using var scope = root.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        var previous = accessor.HttpContext;
        // The tenant and audit context read the caller from the request; this is the seeding's stand-in caller.
        accessor.HttpContext = new DefaultHttpContext
        {
            RequestServices = scope.ServiceProvider,
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [
                    new Claim(ApiKeyAuthenticationHandler.OrganisationClaim, OrganisationId),
                    new Claim(ApiKeyAuthenticationHandler.ModeClaim, "test"),
                ],
                "demo-data")),
        };
        try
        {
            var clock = scope.ServiceProvider.GetRequiredService<IClock>();
            var now = clock.GetCurrentInstant();
            var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            var patients = scope.ServiceProvider.GetRequiredService<IPatients>();
            if (!await patients.Exists(PatientId, cancellationToken))
            {
                var details = new PatientDetails(
                    "Ada", "Lovelace", PhoneNumber.Create(PhoneNumber.Example), "ada@example.org", new LocalDate(1980, 12, 10),
                    null, "demo-patient", null, null, null, null);
                var patient = Patient.Register(PatientId, details, LocalDate.FromDateTime(now.ToDateTimeUtc()), now);
                patients.Add(patient, new PatientRegistered(patient.Id, now));
            }

            var windows = scope.ServiceProvider.GetRequiredService<IWindowBookings>();
            if (await windows.HoldForBooking(WindowId, cancellationToken) is null)
            {
                windows.Open(AvailabilityWindow.Open(WindowId, TaskId, WindowStart, WindowStart.Plus(Duration.FromHours(2)), AvailabilityWindow.MaxCapacity, now));
            }

            await unitOfWork.Commit(cancellationToken);
        }
        finally
        {
            accessor.HttpContext = previous;
        }
    }
}
