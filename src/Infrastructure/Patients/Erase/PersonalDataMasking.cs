using JasperFx.Events;
using Marten;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Patients;

namespace Scheduling.Infrastructure.Patients.Erase;

/// <summary>
/// The masking rule of every event type that carries personal data, each the domain's <see cref="PersonalData"/>
/// function: registered with Marten (<c>AddMaskingRuleForProtectedInformation</c>, what <c>ApplyEventDataMasking</c>
/// applies) and applied by the erase request itself, because <c>ApplyEventDataMasking</c> commits in a session and
/// transaction of its own and its per-event step is internal to Marten. One list, so the two cannot differ.
/// </summary>
public static class PersonalDataMasking
{
    private static readonly IRule[] Rules =
    [
        new Rule<AppointmentCreated>(PersonalData.Mask),
        new Rule<AppointmentUpdated>(PersonalData.Mask),
        new Rule<AppointmentCancelled>(PersonalData.Mask),
        new Rule<AppointmentCompleted>(PersonalData.Mask),
    ];

    public static IEnumerable<Type> MaskedEventTypes => Rules.Select(r => r.EventType);

    public static void Register(StoreOptions options)
    {
        foreach (var rule in Rules)
        {
            rule.Register(options);
        }
    }

    /// <summary>Replaces the event's body with its masked form; false for event types that hold no personal data.</summary>
    public static bool TryMask(IEvent e) => Rules.Any(rule => rule.TryMask(e));

    private interface IRule
    {
        Type EventType { get; }

        void Register(StoreOptions options);

        bool TryMask(IEvent e);
    }

    private sealed class Rule<T>(Func<T, T> mask) : IRule
        where T : notnull
    {
        public Type EventType => typeof(T);

        public void Register(StoreOptions options) => options.Events.AddMaskingRuleForProtectedInformation(mask);

        public bool TryMask(IEvent e)
        {
            if (e is not Event<T> typed)
            {
                return false;
            }

            typed.Data = mask(typed.Data);
            return true;
        }
    }
}
