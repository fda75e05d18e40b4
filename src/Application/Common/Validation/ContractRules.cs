using System.Text.Json;
using FluentValidation;
using PhoneNumberUtil = PhoneNumbers.PhoneNumberUtil;
using NumberParseException = PhoneNumbers.NumberParseException;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Common.Validation;

/// <summary>Field rules of the contract shared by several validators.</summary>
public static class ContractRules
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static IRuleBuilderOptions<T, string?> MustBeId<T>(this IRuleBuilder<T, string?> rule, string prefix) =>
        rule.Must(value => EntityId.IsValid(value, prefix))
            .WithMessage($"'{{PropertyName}}' must be '{prefix}' followed by 1-{EntityId.MaxBodyLength} letters or digits.");

    public static IRuleBuilderOptions<T, string?> RequiredId<T>(this IRuleBuilder<T, string?> rule, string prefix) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.").MustBeId(prefix);

    /// <summary>E.164 ('+' then digits, 7–16 characters) and a number libphonenumber knows to be valid.</summary>
    public static IRuleBuilderOptions<T, string?> MustBePhoneNumber<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .Must(PhoneNumber.IsE164).WithMessage("'{PropertyName}' must be in E.164 form: '+' then 6-15 digits, e.g. +447700900123.")
            .Must(IsDiallable).WithMessage("'{PropertyName}' is not a valid phone number.");

    public static bool IsDiallable(string? value)
    {
        if (!PhoneNumber.IsE164(value))
        {
            return false;
        }

        try
        {
            return Phones.IsValidNumber(Phones.Parse(value, null));
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>Depth of a JSON value: a scalar is 0, an object or array is one more than its deepest child.</summary>
    public static int Depth(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => 1 + element.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + element.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}
