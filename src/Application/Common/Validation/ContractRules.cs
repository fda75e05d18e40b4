using FluentValidation;
using FluentValidation.Results;
using Scheduling.Domain.Common;
using NumberParseException = PhoneNumbers.NumberParseException;
using PhoneNumberUtil = PhoneNumbers.PhoneNumberUtil;

namespace Scheduling.Application.Common.Validation;

/// <summary>
/// How validators report the domain's field rules: each rule's predicate, member path and message come from the
/// domain (one source), the validator only runs them all so the client gets every error at once.
/// </summary>
public static class ContractRules
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Reports what a domain rule returns for this value (each violation keyed by its own JSON path).</summary>
    public static IRuleBuilderOptionsConditions<T, TValue> Satisfies<T, TValue>(this IRuleBuilder<T, TValue> rule, Func<TValue, RuleViolation?> check) =>
        rule.Satisfies(value => check(value) is { } violation ? [violation] : []);

    public static IRuleBuilderOptionsConditions<T, TValue> Satisfies<T, TValue>(this IRuleBuilder<T, TValue> rule, Func<TValue, IEnumerable<RuleViolation>> check) =>
        rule.Custom((value, context) =>
        {
            foreach (var violation in check(value))
            {
                context.AddFailure(new ValidationFailure(violation.Member, violation.Message) { ErrorCode = violation.Code });
            }
        });

    public static IRuleBuilderOptionsConditions<T, string?> MustBeId<T>(this IRuleBuilder<T, string?> rule, string prefix, string member) =>
        rule.Satisfies(value => EntityId.Check(value, prefix, member));

    /// <summary>E.164 (the domain's rule), then a number libphonenumber knows to be valid (an edge check: the domain has no numbering plans).</summary>
    public static IRuleBuilderOptionsConditions<T, string> MustBePhoneNumber<T>(this IRuleBuilder<T, string> rule, string member) =>
        rule.Satisfies(value => CheckPhoneNumber(value, member));

    public static RuleViolation? CheckPhoneNumber(string? value, string member) =>
        PhoneNumber.Check(value, member)
        ?? (IsDiallable(value) ? null : RuleViolation.Invalid(member, $"'{member}' is not a valid phone number (e.g. {PhoneNumber.Example})."));

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
}
