namespace Scheduling.Api.BookingPage;

/// <summary>
/// The booking page's only stylesheet, served by the service (no CDN). Mobile first: one column, 16 px text, 48 px
/// tap targets, a 3 px focus ring on every control, AA contrast (text 16:1, button 8:1), nothing wider than 320 px.
/// </summary>
public static class BookingStylesheet
{
    public const string Css = """
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1rem; line-height: 1.5; color: #1b1b1b; background: #ffffff; overflow-wrap: anywhere; }
        .banner { background: #0b3d6e; color: #ffffff; padding: 0.75rem 1rem; }
        .banner .organisation { margin: 0; font-weight: 700; }
        main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
        p { margin: 0 0 1rem; }
        form { margin: 0 0 1.5rem; }
        fieldset { border: 1px solid #6b6b6b; border-radius: 0.5rem; margin: 0 0 1rem; padding: 0.5rem 0.75rem 0.75rem; min-width: 0; }
        legend { font-weight: 700; padding: 0 0.25rem; }
        .choice { display: flex; align-items: center; min-height: 3rem; }
        .choice input { width: 1.5rem; height: 1.5rem; margin: 0 0.75rem 0 0; flex: none; accent-color: #0b3d6e; }
        .choice label { flex: 1; padding: 0.5rem 0; cursor: pointer; }
        button { display: block; width: 100%; min-height: 3rem; font: inherit; font-weight: 700; color: #ffffff; background: #0b3d6e; border: 2px solid #0b3d6e; border-radius: 0.5rem; padding: 0.5rem 1rem; cursor: pointer; }
        button:hover { background: #082c50; }
        a { color: #0b3d6e; text-decoration: underline; text-underline-offset: 0.15em; }
        a:hover { color: #082c50; }
        :focus-visible { outline: 3px solid #b35900; outline-offset: 3px; }
        input[type=radio]:focus-visible { outline-offset: 2px; }
        .notice { border-left: 0.4rem solid #b3261e; background: #fdecea; padding: 0.75rem 1rem; margin: 0 0 1rem; }
        .notice p { margin: 0; }
        .confirmation { border-left: 0.4rem solid #1e6b34; background: #e8f4eb; padding: 0.75rem 1rem; margin: 0 0 1rem; }
        .confirmation p { margin: 0; }
        .summary { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1.5rem; }
        .summary dt { font-weight: 700; }
        .summary dd { margin: 0; }
        """;
}
