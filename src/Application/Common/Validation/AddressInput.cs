using Scheduling.Domain.Common;

namespace Scheduling.Application.Common.Validation;

/// <summary>The address object of a command: required parts present (the edge saw to that), rules not yet checked.</summary>
public sealed record AddressInput(string Line1, string? Line2, string? Line3, string Town, string? County, string Postcode, string? CountryCode)
{
    public IEnumerable<RuleViolation> Check(string member) => Address.Check(Line1, Line2, Line3, Town, County, Postcode, CountryCode, member);

    public Address ToAddress(string member) => Address.Create(Line1, Line2, Line3, Town, County, Postcode, CountryCode, member);
}
