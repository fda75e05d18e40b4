using Scheduling.Api.OpenApi;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Common;

namespace Scheduling.Api.Contracts;

/// <summary>The address object as JSON can carry it (anything may be missing).</summary>
public sealed record AddressRequest(
    [property: Text(Address.MaxLineLength, NotBlank = true)] string? Line1,
    [property: Text(Address.MaxLineLength)] string? Line2,
    [property: Text(Address.MaxLineLength)] string? Line3,
    [property: Text(Address.MaxTownLength, NotBlank = true)] string? Town,
    [property: Text(Address.MaxCountyLength)] string? County,
    [property: UkPostcode] string? Postcode,
    [property: OneOf(Address.UnitedKingdom)] string? CountryCode)
{
    public AddressInput ToInput(RequiredFields required, string member) =>
        new(
            required.Get(Line1, $"{member}.line1"),
            Line2,
            Line3,
            required.Get(Town, $"{member}.town"),
            County,
            required.Get(Postcode, $"{member}.postcode"),
            CountryCode);
}

/// <summary>The address as clients read it: normalised postcode, country always present.</summary>
public sealed record AddressResponse(string Line1, string? Line2, string? Line3, string Town, string? County, string Postcode, string CountryCode)
{
    public static AddressResponse From(Address address) =>
        new(address.Line1, address.Line2, address.Line3, address.Town, address.County, address.Postcode, address.CountryCode);
}

public sealed record DataResponse<T>(IReadOnlyList<T> Data);
