using Microsoft.AspNetCore.Mvc;

namespace Scheduling.Api.Endpoints;

/// <summary>The problem responses every endpoint can give, declared once for the OpenAPI document.</summary>
public static class EndpointResults
{
    public static RouteHandlerBuilder ProducesCommonProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        builder.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        foreach (var status in statuses)
        {
            builder.Produces<ProblemDetails>(status, "application/problem+json");
        }

        return builder;
    }
}
