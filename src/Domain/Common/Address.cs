namespace Scheduling.Domain.Common;

/// <summary>A UK address. <see cref="Create"/> enforces the field rules and normalises the postcode.</summary>
public sealed record Address(
    string Line1,
    string? Line2,
    string? Line3,
    string Town,
    string? County,
    string Postcode,
    string CountryCode)
{
    public const int MaxLineLength = 200;
    public const int MaxTownLength = 100;
    public const int MaxCountyLength = 100;
    public const string UnitedKingdom = "GB";

    public static Address Create(
        string? line1, string? line2, string? line3, string? town, string? county, string? postcode, string? countryCode, string field = "location")
    {
        if (countryCode is not null && countryCode != UnitedKingdom)
        {
            throw DomainException.Invalid("validation_failed", $"{field}.countryCode", $"'{field}.countryCode' must be '{UnitedKingdom}'.");
        }

        return new Address(
            Required(line1, MaxLineLength, $"{field}.line1"),
            Optional(line2, MaxLineLength, $"{field}.line2"),
            Optional(line3, MaxLineLength, $"{field}.line3"),
            Required(town, MaxTownLength, $"{field}.town"),
            Optional(county, MaxCountyLength, $"{field}.county"),
            Common.Postcode.Normalise(postcode, $"{field}.postcode"),
            UnitedKingdom);
    }

    private static string Required(string? value, int max, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw DomainException.Invalid("validation_failed", field, $"'{field}' is required.")
            : Optional(value, max, field)!;

    private static string? Optional(string? value, int max, string field) =>
        value is { Length: var length } && length > max
            ? throw DomainException.Invalid("validation_failed", field, $"'{field}' must be at most {max} characters.")
            : value;
}
