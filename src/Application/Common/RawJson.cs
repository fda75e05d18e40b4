namespace Scheduling.Application.Common;

/// <summary>JSON text passed through unchanged (an event body as stored): written raw, never re-serialized.</summary>
public sealed record RawJson(string Json);
