using System.Text.RegularExpressions;

namespace Scheduling.Domain.Common;

/// <summary>A UK postcode, accepted in any case and spacing and kept upper-case with one space ("SW1A 1AA").</summary>
public static partial class Postcode
{
    // Outward code (area, district, optional sub-district letter) then inward code (sector digit + unit letters);
    // GIR 0AA is the one historic exception still in use. No match timeout: the pattern is anchored with no nested
    // quantifier and the input at most 16 characters, so a match is a few dozen steps; a timeout is wall-clock, and
    // on a busy machine a descheduled thread overran 100 ms and failed valid creates (issue 14).
    [GeneratedRegex("^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Compact();

    public const int MaxLength = 16;

    public static bool TryNormalise(string? value, out string normalised)
    {
        normalised = string.Empty;
        if (value is null || value.Length > MaxLength)
        {
            return false;
        }

        var compact = string.Concat(value.Where(c => c != ' ')).ToUpperInvariant();
        if (!Compact().IsMatch(compact))
        {
            return false;
        }

        normalised = $"{compact[..^3]} {compact[^3..]}";
        return true;
    }

    public static RuleViolation? Check(string? value, string member) =>
        FieldRules.Required(value, member)
        ?? (TryNormalise(value, out _) ? null : RuleViolation.Invalid(member, $"'{member}' must be a valid UK postcode, e.g. SW1A 1AA."));

    public static string Normalise(string? value, string member)
    {
        FieldRules.Enforce(Check(value, member));
        TryNormalise(value, out var normalised);
        return normalised;
    }
}
