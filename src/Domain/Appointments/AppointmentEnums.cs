namespace Scheduling.Domain.Appointments;

public enum AppointmentStatus
{
    Scheduling,
    Scheduled,
    Completed,
    NoShow,
    Cancelled,
}

public enum AppointmentType
{
    Standard,
    Scheduled,
}

public enum SchedulingMode
{
    ChooseATime,
    PatientLed,
}

/// <summary>Who caused or performed a cancellation.</summary>
public enum CancellationParty
{
    Patient,
    Organisation,
    Provider,
}
