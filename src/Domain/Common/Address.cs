namespace Scheduling.Domain.Common;

/// <summary>A UK address. <see cref="Check"/> holds the field rules; <see cref="Create"/> enforces them and normalises the postcode.</summary>
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

    /// <summary>Every broken rule of the address at <paramref name="member"/> (e.g. <c>location</c>), in field order.</summary>
    public static IEnumerable<RuleViolation> Check(
        string? line1, string? line2, string? line3, string? town, string? county, string? postcode, string? countryCode, string member)
    {
        RuleViolation?[] violations =
        [
            FieldRules.RequiredWithin(line1, MaxLineLength, $"{member}.line1"),
            FieldRules.MaxLength(line2, MaxLineLength, $"{member}.line2"),
            FieldRules.MaxLength(line3, MaxLineLength, $"{member}.line3"),
            FieldRules.RequiredWithin(town, MaxTownLength, $"{member}.town"),
            FieldRules.MaxLength(county, MaxCountyLength, $"{member}.county"),
            Common.Postcode.Check(postcode, $"{member}.postcode"),
            countryCode is null or UnitedKingdom
                ? null
                : RuleViolation.Invalid($"{member}.countryCode", $"'{member}.countryCode' must be '{UnitedKingdom}' (only UK addresses are served)."),
        ];
        return violations.OfType<RuleViolation>();
    }

    public static Address Create(
        string? line1, string? line2, string? line3, string? town, string? county, string? postcode, string? countryCode, string member = "location")
    {
        FieldRules.Enforce(Check(line1, line2, line3, town, county, postcode, countryCode, member));
        return new Address(line1!, line2, line3, town!, county, Common.Postcode.Normalise(postcode, $"{member}.postcode"), UnitedKingdom);
    }
}
