using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scheduling.Application.Common.Behaviours;
using Scheduling.Application.Webhooks;

namespace Scheduling.Application;

public static class DependencyInjection
{
    /// <summary>
    /// MediatR 5.1.0 has no Microsoft DI package on our feed, so it is wired by hand: the mediator gets the
    /// container as its ServiceFactory, handlers and validators are registered by scanning this assembly,
    /// and behaviours run in registration order (telemetry outermost, then validation).
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : char.ToLowerInvariant(member.Name[0]) + member.Name[1..];
        // One message per broken rule chain: "required" without "must be E.164" and "not a valid number" after it.
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;

        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(TelemetryBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));

        // The contract's 24 h unless the infrastructure registers a configured (scaled) overlap.
        services.TryAddSingleton(WebhookRotationPolicy.Contract);

        var assembly = typeof(DependencyInjection).Assembly;
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(IValidator<>) && type.GetConstructors() is [{ } constructor] && constructor.GetParameters().Length == 0)
                {
                    // A validator without dependencies holds only its rules, and FluentValidation validators are
                    // thread-safe: built once instead of per request (GET by id, cancel, …).
                    services.AddSingleton(contract, type);
                }
                else if (definition == typeof(IRequestHandler<,>) || definition == typeof(IValidator<>))
                {
                    services.AddScoped(contract, type);
                }
            }
        }

        return services;
    }
}
