using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NSubstitute;
using Scheduling.Application.Appointments;
using Scheduling.Application.Appointments.Cancel;
using Scheduling.Application.Appointments.Create;
using Scheduling.Application.Appointments.Events;
using Scheduling.Application.Tests.Appointments.Create;
using Scheduling.Domain.Appointments;
using Scheduling.Application.Appointments.List;
using Scheduling.Application.Availability;
using Scheduling.Application.Availability.ListAvailable;
using Scheduling.Application.Common.Behaviours;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Application.Patients;
using Scheduling.Application.Webhooks;

namespace Scheduling.Application.Tests.Common;

public sealed class CompositionTests
{
    private static ServiceProvider Provider()
    {
        var services = new ServiceCollection().AddApplication();
        services.AddSingleton(TestOrganisation.Tenant());
        services.AddSingleton<IClock>(TestOrganisation.Clock());
        foreach (var port in new[] { typeof(IPatients), typeof(IWindowBookings), typeof(IAppointmentStreams), typeof(IUnitOfWork), typeof(IAppointmentReadModels), typeof(Scheduling.Application.Appointments.GetById.IAppointmentHistory), typeof(IAvailabilityQueries), typeof(IAppointmentListQueries), typeof(IAppointmentAuditTrail),
            typeof(IWebhookEndpoints), typeof(IWebhookTargets), typeof(IWebhookDeliveries), typeof(IWebhookPayloads),
            typeof(Scheduling.Application.Events.Feed.IEventFeed), typeof(Scheduling.Application.Patients.Erase.IPatientErasure) })
        {
            services.AddSingleton(port, Substitute.For([port], []));
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddApplication_RegistersTheMediatorHandlersValidatorsAndTheValidationBehaviour()
    {
        using var provider = Provider();
        using var scope = provider.CreateScope();

        Assert.NotNull(scope.ServiceProvider.GetRequiredService<IMediator>());
        Assert.IsType<CreateAppointmentHandler>(scope.ServiceProvider.GetRequiredService<IRequestHandler<CreateAppointment, Appointment>>());
        Assert.IsType<CancelAppointmentHandler>(scope.ServiceProvider.GetRequiredService<IRequestHandler<CancelAppointment, Appointment>>());
        Assert.IsType<CreateAppointmentValidator>(scope.ServiceProvider.GetRequiredService<IValidator<CreateAppointment>>());
        Assert.Equal(
            [typeof(TelemetryBehaviour<CreateAppointment, Appointment>), typeof(ValidationBehaviour<CreateAppointment, Appointment>)],
            scope.ServiceProvider.GetServices<IPipelineBehavior<CreateAppointment, Appointment>>().Select(b => b.GetType()));
    }

    [Fact]
    public void AddApplication_BuildsValidatorsWithoutDependenciesOnce_AndTenantDependentOnesPerRequest()
    {
        using var provider = Provider();
        using var first = provider.CreateScope();
        using var second = provider.CreateScope();

        Assert.Same(
            first.ServiceProvider.GetRequiredService<IValidator<Scheduling.Application.Appointments.GetById.GetAppointment>>(),
            second.ServiceProvider.GetRequiredService<IValidator<Scheduling.Application.Appointments.GetById.GetAppointment>>());
        Assert.NotSame(
            first.ServiceProvider.GetRequiredService<IValidator<CreateAppointment>>(),
            second.ServiceProvider.GetRequiredService<IValidator<CreateAppointment>>());
    }

    [Fact]
    public async Task Mediator_RunsValidationBeforeTheHandler()
    {
        using var provider = Provider();
        using var scope = provider.CreateScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        var error = await Assert.ThrowsAsync<RequestValidationException>(() =>
            mediator.Send(CreateAppointmentHandlerTests.Command() with { PatientId = "patient_1" }));

        Assert.Contains("patientId", error.Errors.Keys);
        scope.ServiceProvider.GetRequiredService<IAppointmentStreams>().DidNotReceiveWithAnyArgs().Start(default!, default!);
    }

    [Theory]
    [InlineData("Location.Postcode", "location.postcode")]
    [InlineData("DocumentIds[2]", "documentIds[2]")]
    [InlineData("PlanTo", "planTo")]
    [InlineData("", "")]
    public void JsonPath_CamelCasesEverySegment(string property, string path)
    {
        Assert.Equal(path, JsonPath.FromPropertyPath(property));
    }
}
