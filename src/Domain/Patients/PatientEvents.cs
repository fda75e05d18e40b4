using NodaTime;

namespace Scheduling.Domain.Patients;

// The patient's audit stream: which fields changed, when; who and through which request is the events' metadata
// (actor, correlation id), as for every event. Never values: personal data stays in the patient document, where it
// can be corrected and erased (docs/adr/0005-patients-current-name-and-audit.md). Never edit a published event.

/// <summary>The patient was registered.</summary>
public sealed record PatientRegistered(string PatientId, Instant RegisteredAt);

/// <summary>The named fields (JSON names, e.g. <c>lastName</c>) were changed or cleared.</summary>
public sealed record PatientUpdated(string PatientId, IReadOnlyList<string> Fields, Instant UpdatedAt);

/// <summary>The patient's personal data was erased everywhere (UK GDPR); who did it is the event's metadata.</summary>
public sealed record PatientErased(string PatientId, Instant ErasedAt);
