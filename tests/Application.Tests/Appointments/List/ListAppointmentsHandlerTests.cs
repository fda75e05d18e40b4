using NodaTime;
using NSubstitute;
using Scheduling.Application.Common.Behaviours;
using Scheduling.Application.Appointments.List;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Listing;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Tests.Appointments.List;

public sealed class ListAppointmentsHandlerTests
{
    private readonly IAppointmentListQueries queries = Substitute.For<IAppointmentListQueries>();
    private readonly ListAppointmentsHandler handler;

    public ListAppointmentsHandlerTests() => handler = new ListAppointmentsHandler(TestOrganisation.Tenant(), queries);

    // Through the validation behaviour, as the mediator runs it: the stateless rules live in the validator.
    private Task<ListPage<Appointment>> Send(ListAppointments request) =>
        new ValidationBehaviour<ListAppointments, ListPage<Appointment>>([new ListAppointmentsValidator(TestOrganisation.Tenant())])
            .Handle(request, CancellationToken.None, () => handler.Handle(request, CancellationToken.None));

    private static Appointment Details(int i) => new(
        $"apt_{i}", AppointmentStatus.Scheduling, AppointmentType.Standard, SchedulingMode.PatientLed, new PatientReference("p_1"), "tsk_bloodtest",
        null, null, null, "+447911123456", new Address("1", null, null, "T", null, "M1 1AE", "GB"), [], null, null, null, null, null,
        TestOrganisation.Now - Duration.FromMinutes(i), TestOrganisation.Now, 1);

    [Fact]
    public async Task Handle_AsksForOneMoreThanTheLimit_AndReturnsACursorOnlyWhenThereIsMore()
    {
        queries.List(Arg.Any<ListQuery>(), Arg.Any<CancellationToken>()).Returns([Details(1), Details(2), Details(3)]);

        var page = await handler.Handle(new ListAppointments([], "2", null), CancellationToken.None);

        await queries.Received(1).List(Arg.Is<ListQuery>(q => q.Limit == 3 && q.After == null), Arg.Any<CancellationToken>());
        Assert.Equal(["apt_1", "apt_2"], page.Data.Select(d => d.Id));
        Assert.True(CursorCodec.TryDecode(page.NextCursor!, out var cursor));
        Assert.Equal(new ListCursor(Details(2).CreatedAt, "apt_2"), cursor);
    }

    [Fact]
    public async Task Handle_LastPage_HasNoCursor()
    {
        queries.List(Arg.Any<ListQuery>(), Arg.Any<CancellationToken>()).Returns([Details(1)]);
        var page = await handler.Handle(new ListAppointments([], null, null), CancellationToken.None);

        await queries.Received(1).List(Arg.Is<ListQuery>(q => q.Limit == ListPaging.DefaultLimit + 1), Arg.Any<CancellationToken>());
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Handle_PassesTheDecodedCursorAndTypedFilters()
    {
        var cursor = CursorCodec.Encode(new ListCursor(TestOrganisation.Now, "apt_9"));

        await handler.Handle(new ListAppointments(["externalRef:\"a\"", "status:\"scheduled\""], "5", cursor), CancellationToken.None);

        await queries.Received(1).List(
            Arg.Is<ListQuery>(q => q.After == new ListCursor(TestOrganisation.Now, "apt_9")
                && q.Filters.SequenceEqual(new ListFilter[] { new EqualsFilter(FilterField.ExternalRef, "a"), new EqualsFilter(FilterField.Status, "scheduled") })),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_EveryBadParameter_IsOneValidationErrorNamingIt_AndNothingIsQueried()
    {
        var error = await Assert.ThrowsAsync<RequestValidationException>(() =>
            Send(new ListAppointments(["status:\"ok\"", "nope"], "500", "garbage!")));

        Assert.Equal(["cursor", "filter[0]", "filter[1]", "limit"], error.Errors.Keys.Order());
        await queries.DidNotReceiveWithAnyArgs().List(default!, default);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData(" 5")]
    public async Task Handle_LimitOutsideOneToHundred_IsRejected(string limit)
    {
        var error = await Assert.ThrowsAsync<RequestValidationException>(() => Send(new ListAppointments([], limit, null)));
        Assert.True(error.Errors.ContainsKey("limit"));
    }
}
