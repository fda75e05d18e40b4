using FluentValidation;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Common.Validation;

/// <summary>The address object as a client sends it.</summary>
public sealed record AddressInput(string? Line1, string? Line2, string? Line3, string? Town, string? County, string? Postcode, string? CountryCode)
{
    public Address ToAddress(string field) => Address.Create(Line1, Line2, Line3, Town, County, Postcode, CountryCode, field);
}

public sealed class AddressInputValidator : AbstractValidator<AddressInput>
{
    public AddressInputValidator()
    {
        RuleFor(a => a.Line1).NotEmpty().WithMessage("'{PropertyName}' is required.").MaximumLength(Address.MaxLineLength);
        RuleFor(a => a.Line2).MaximumLength(Address.MaxLineLength);
        RuleFor(a => a.Line3).MaximumLength(Address.MaxLineLength);
        RuleFor(a => a.Town).NotEmpty().WithMessage("'{PropertyName}' is required.").MaximumLength(Address.MaxTownLength);
        RuleFor(a => a.County).MaximumLength(Address.MaxCountyLength);
        RuleFor(a => a.Postcode)
            .NotEmpty().WithMessage("'{PropertyName}' is required.")
            .Must(p => Postcode.TryNormalise(p, out _)).WithMessage("'{PropertyName}' must be a valid UK postcode, e.g. SW1A 1AA.");
        RuleFor(a => a.CountryCode).Equal(Address.UnitedKingdom).When(a => a.CountryCode is not null)
            .WithMessage($"'{{PropertyName}}' must be '{Address.UnitedKingdom}' (only UK addresses are served).");
    }
}
