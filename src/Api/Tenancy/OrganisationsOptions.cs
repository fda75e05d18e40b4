namespace Scheduling.Api.Tenancy;

/// <summary>Organisations, their tasks and API key hashes, bound from configuration section "Scheduling".</summary>
public sealed class OrganisationsOptions
{
    public const string Section = "Scheduling";

    public IList<OrganisationOptions> Organisations { get; init; } = [];
}

public sealed class OrganisationOptions
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string TimeZone { get; init; } = "Europe/London";

    public bool DocumentsEnabled { get; init; }

    /// <summary>Lower-case hex SHA-256 of each key. Keys themselves are never stored; their prefix (test_/live_) sets the mode.</summary>
    public IList<string> ApiKeySha256 { get; init; } = [];

    /// <summary>
    /// Keys of the service's operators for this organisation (hashes, as above): everything an API key may do, plus
    /// operations such as patient erasure; their events are recorded with actor kind <c>operations</c>.
    /// </summary>
    public IList<string> OperationsApiKeySha256 { get; init; } = [];

    public IList<TaskOptions> Tasks { get; init; } = [];
}

public sealed class TaskOptions
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public bool ScheduledAppointmentsEnabled { get; init; }

    public int MinimumPlanDays { get; init; }
}
