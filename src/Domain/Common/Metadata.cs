namespace Scheduling.Domain.Common;

/// <summary>
/// A client's free-form JSON object, kept as the exact text it sent so it is returned exactly as given
/// (a jsonb column would reorder keys and reformat numbers). Shape and size are checked at the edge.
/// </summary>
public sealed record Metadata(string Json)
{
    public const int MaxBytes = 16 * 1024;
    public const int MaxDepth = 10;
}
