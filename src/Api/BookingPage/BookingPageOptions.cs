namespace Scheduling.Api.BookingPage;

/// <summary>Configuration section "Scheduling:BookingPage".</summary>
public sealed class BookingPageOptions
{
    public const string Section = "Scheduling:BookingPage";

    /// <summary>The service's public base URL, as patients reach it (scheduling links are <c>{PublicBaseUrl}/book/{token}</c>).</summary>
    public string PublicBaseUrl { get; init; } = "http://127.0.0.1:5080";

    /// <summary>Requests per link per minute (pages and form posts together); 0 turns the limit off.</summary>
    public int PermitsPerMinute { get; init; } = 30;
}
