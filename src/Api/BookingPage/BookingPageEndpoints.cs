using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Scheduling.Api.Tenancy;
using Scheduling.Application.Appointments.BookingPage;
using Scheduling.Application.Appointments.Schedule;
using Scheduling.Application.Common.Audit;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Api.BookingPage;

/// <summary>
/// The patient booking page (<c>/book/{token}</c>): choose a window → confirm → booked. The token names the tenant,
/// so the request runs as that tenant with the <c>booking_page</c> actor; every decision is the Application's
/// (<see cref="OpenBookingLink"/> reads what the link may do, <see cref="ScheduleAppointment"/> books, as the API's
/// endpoint does). This file maps HTTP and forms to those requests and picks the page to render.
/// </summary>
public static class BookingPageEndpoints
{
    public const string BookingLinkAuthenticationType = "BookingLink";

    /// <summary>A strict policy: only our own stylesheet; no script, frame, plugin or foreign form target.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IEndpointRouteBuilder MapBookingPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/book/assets/booking.css", () => Results.Text(BookingStylesheet.Css, "text/css; charset=utf-8"))
            .ExcludeFromDescription();

        var group = app.MapGroup("/book/{token}").ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            ApplySecurityHeaders(context.HttpContext.Response);
            return await next(context);
        });
        group.MapGet("/", Choose);
        group.MapPost("/review", Review);
        group.MapPost("/confirm", Confirm);
        return app;
    }

    public static void ApplySecurityHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
    }

    private static async Task<IResult> Choose(string token, HttpContext http, BookingLinkTokens tokens, IMediator mediator, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var link = await Open(token, http, tokens, mediator, cancellationToken);
        return link.Refusal ?? ChooseResult(token, link.View!, null, StatusCodes.Status200OK, http, antiforgery);
    }

    private static async Task<IResult> Review(string token, HttpContext http, BookingLinkTokens tokens, IMediator mediator, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var link = await Open(token, http, tokens, mediator, cancellationToken);
        if (link.Refusal is not null)
        {
            return link.Refusal;
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return FormExpired();
        }

        var windowId = await ChosenWindow(http);
        if (windowId is null)
        {
            return ChooseResult(token, link.View!, "Please choose a time.", StatusCodes.Status400BadRequest, http, antiforgery);
        }

        var view = link.View!;
        if (view.Windows.FirstOrDefault(w => w.Id == windowId) is not { } window)
        {
            return ChooseResult(token, view, JustTaken, StatusCodes.Status409Conflict, http, antiforgery);
        }

        var time = BookingTexts.Window(window.Start, window.End, view.Zone);
        return Page<ConfirmPage>(
            new ConfirmModel(token, view.OrganisationName, view.TaskName, window.Id, time, Field(http, antiforgery)), StatusCodes.Status200OK);
    }

    private static async Task<IResult> Confirm(string token, HttpContext http, BookingLinkTokens tokens, IMediator mediator, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var claims = tokens.Read(token);
        var windowId = claims is null ? null : await ChosenWindow(http);
        var link = await Open(token, http, tokens, mediator, cancellationToken);
        if (windowId is not null && IsAlreadyBooked(link.View, windowId))
        {
            // A repeated confirmation (double click, refresh) of the booking it made: the same answer again.
            return Confirmed(link.View!);
        }

        if (link.Refusal is not null)
        {
            return link.Refusal;
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return FormExpired();
        }

        var view = link.View!;
        if (windowId is null)
        {
            return ChooseResult(token, view, "Please choose a time.", StatusCodes.Status400BadRequest, http, antiforgery);
        }

        try
        {
            // The API's own command, at the version the page read: a new link issued meanwhile makes it fail.
            var booked = await mediator.Send(new ScheduleAppointment(claims!.AppointmentId, windowId, view.Version), cancellationToken);
            return Page<ConfirmedPage>(
                new { view.OrganisationName, Time = BookingTexts.Window(booked.Window!.Start, booked.Window.End, view.Zone) }, StatusCodes.Status200OK);
        }
        catch (Exception exception) when (exception is DomainException or ConcurrencyConflictException or PreconditionFailedException or RequestValidationException)
        {
            // Read afresh in a new scope (the failed command's session is spent): booked meanwhile by this very
            // form (a double submit) → the confirmation; otherwise fresh choices, or why the link stopped working.
            await using var scope = http.RequestServices.CreateAsyncScope();
            var fresh = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new OpenBookingLink(claims!.AppointmentId, claims.Generation), cancellationToken);
            if (IsAlreadyBooked(fresh, windowId))
            {
                return Confirmed(fresh!);
            }

            return fresh is null || fresh.State != BookingLinkState.Open
                ? Refusal(fresh?.State)
                : ChooseResult(token, fresh, exception is RequestValidationException ? "Please choose a time." : JustTaken, StatusCodes.Status409Conflict, http, antiforgery);
        }
    }

    private const string JustTaken = "Sorry, that time has just been taken. Please choose another time.";

    private static bool IsAlreadyBooked(BookingLinkView? view, string windowId) =>
        view is { State: BookingLinkState.Used } && view.BookedWindow?.Id == windowId;

    private static RazorComponentResult<ConfirmedPage> Confirmed(BookingLinkView view) =>
        Page<ConfirmedPage>(
            new { view.OrganisationName, Time = BookingTexts.Window(view.BookedWindow!.Start, view.BookedWindow.End, view.Zone) }, StatusCodes.Status200OK);

    private sealed record OpenedLink(BookingLinkView? View, IResult? Refusal);

    /// <summary>Reads the token, runs the request as its tenant and the booking-page actor, and asks what the link may do.</summary>
    private static async Task<OpenedLink> Open(string token, HttpContext http, BookingLinkTokens tokens, IMediator mediator, CancellationToken cancellationToken)
    {
        if (tokens.Read(token) is not { } claims)
        {
            return new(null, Page<LinkProblemPage>(
                new { Title = "This link does not work", Message = "The link is incomplete or has been changed. Please open it again from the message you received, exactly as it was sent." },
                StatusCodes.Status400BadRequest));
        }

        if (http.RequestServices.GetRequiredService<OrganisationRegistry>().Find(claims.OrganisationId) is null)
        {
            return new(null, Refusal(null));
        }

        if (http.User.Identity?.AuthenticationType != BookingLinkAuthenticationType)
        {
            http.User = new ClaimsPrincipal(new ClaimsIdentity(
                [
                    new Claim(ApiKeyAuthenticationHandler.OrganisationClaim, claims.OrganisationId),
                    new Claim(ApiKeyAuthenticationHandler.ModeClaim, claims.Mode == Application.Common.Tenancy.TenantMode.Live ? "live" : "test"),
                ],
                BookingLinkAuthenticationType));
            http.Items[HttpAuditContext.ChannelKey] = new Actor(ActorKind.BookingPage);
        }

        var view = await mediator.Send(new OpenBookingLink(claims.AppointmentId, claims.Generation), cancellationToken);
        return view is { State: BookingLinkState.Open } ? new(view, null) : new(view, Refusal(view?.State));
    }

    private static RazorComponentResult<LinkProblemPage> Refusal(BookingLinkState? state)
    {
        var (status, title, message) = state switch
        {
            BookingLinkState.Superseded => (410, "This link has been replaced", "A newer link was sent for this visit. Please use the link in the most recent message you received."),
            BookingLinkState.Expired => (410, "This link has expired", "The time for choosing a visit with this link has passed."),
            BookingLinkState.Used => (410, "This link has already been used", "A time has already been chosen for this visit, so this link cannot be used again."),
            BookingLinkState.Cancelled => (410, "This visit was cancelled", "This visit has been cancelled, so there is nothing to book with this link."),
            _ => (404, "Booking not found", "We could not find a visit to book for this link."),
        };
        return Page<LinkProblemPage>(new { Title = title, Message = message }, status);
    }

    private static RazorComponentResult<LinkProblemPage> FormExpired() =>
        Page<LinkProblemPage>(
            new { Title = "Please try again", Message = "This form has expired or was not sent from the booking page. Please open your link again to choose a time." },
            StatusCodes.Status400BadRequest);

    private static RazorComponentResult<ChoosePage> ChooseResult(string token, BookingLinkView view, string? message, int status, HttpContext http, IAntiforgery antiforgery) =>
        Page<ChoosePage>(
            new ChooseModel(token, view.OrganisationName, view.TaskName, view.PatientFirstName, BookingTexts.ByDay(view.Windows, view.Zone), message, Field(http, antiforgery)),
            status);

    private static RazorComponentResult<TPage> Page<TPage>(object parameters, int status)
        where TPage : Microsoft.AspNetCore.Components.IComponent =>
        parameters is ChooseModel or ConfirmModel
            ? new RazorComponentResult<TPage>(new { Model = parameters }) { StatusCode = status }
            : new RazorComponentResult<TPage>(parameters) { StatusCode = status };

    private static AntiforgeryField Field(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new AntiforgeryField(tokens.FormFieldName, tokens.RequestToken!);
    }

    private static async Task<string?> ChosenWindow(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            return null;
        }

        var form = await http.Request.ReadFormAsync();
        var windowId = form["windowId"].ToString();
        return windowId.Length is > 0 and <= 64 ? windowId : null;
    }
}
