using NodaTime;
using NodaTime.Testing;
using NSubstitute;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Domain.Organisations;

namespace Scheduling.Application.Tests;

internal static class TestOrganisation
{
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 9, 0);

    public static FakeClock Clock() => new(Now);

    public static ITenantContext Tenant(bool documentsEnabled = true)
    {
        var tenant = Substitute.For<ITenantContext>();
        tenant.Organisation.Returns(new Organisation(
            "org_demo",
            "Demo",
            DateTimeZoneProviders.Tzdb["Europe/London"],
            documentsEnabled,
            [new CareTask("tsk_bloodtest", "Blood test"), new CareTask("tsk_preop", "Pre-op", true, 7)]));
        tenant.Mode.Returns(TenantMode.Test);
        tenant.TenantId.Returns("org_demo:test");
        return tenant;
    }
}
