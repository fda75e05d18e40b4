using System.Net;
using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using NodaTime;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.BookingPage.Browser;

/// <summary>
/// The booking page in a real browser (Debian's Chromium through Playwright) against the service on Kestrel: a
/// phone-sized booking, a race for a last place, the link problem pages, keyboard-only completion, axe on every
/// page, and no horizontal scrolling from 320 to 390 px. Screenshots land in docs/images (docs/booking-page.md).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BookingPageBrowserTests(BrowserFixture fixture)
{
    private readonly ApiClient api = fixture.Api();

    /// <summary>Moves the clock a month on: every window an earlier test opened has started by then, so each test's pages show only its own windows.</summary>
    private void NextMonth() => fixture.Clock.Advance(Duration.FromDays(30));

    private async Task<(string Id, string Path)> PatientLed()
    {
        var created = (await api.CreateAppointment(RequestBodies.Appointment(await api.CreatePatient()))).AssertStatus(HttpStatusCode.Created).Json!;
        return (created["id"]!.GetValue<string>(), BookingPageClient.PathOf(created["schedulingLink"]!["url"]!.GetValue<string>()));
    }

    private static async Task AssertAccessible(IPage page)
    {
        AxeResult result = await page.RunAxe();
        Assert.True(
            result.Violations.Length == 0,
            $"axe found on {page.Url}: " + string.Join("; ", result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }

    /// <summary>Nothing wider than the viewport at 320 and 390 px: no horizontal scrolling.</summary>
    private static async Task AssertFitsPhones(IPage page)
    {
        foreach (var width in new[] { 320, 390 })
        {
            await page.SetViewportSizeAsync(width, 844);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{page.Url} scrolls sideways by {overflow} px at {width} px");
        }
    }

    private static async Task Screenshot(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ImagesDirectory, name), FullPage = true });

    /// <summary>"Thursday 10 January": the London date the page should show (the demo organisation's zone).</summary>
    private static string DayOf(Instant start) =>
        NodaTime.Text.LocalDatePattern.Create("dddd d MMMM", System.Globalization.CultureInfo.InvariantCulture).Format(start.InZone(ClockDates.London).Date);

    private static async Task<int> Status(IResponse? response) => response?.Status ?? throw new InvalidOperationException("No response.");

    [Fact]
    public async Task OnAPhone_PickAWindowAndConfirm_TheApiShowsScheduledWithThatWindowAndTheEvent()
    {
        NextMonth();
        var (id, path) = await PatientLed();
        var first = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(1, hour: 9));
        await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(1, hour: 13));
        var chosenStart = fixture.Clock.InDays(2, hour: 10);
        var chosen = await api.OpenWindow("tsk_bloodtest", chosenStart);
        var chosenText = $"{DayOf(chosenStart)}, 10:00–12:00";
        var page = await fixture.Phone();

        Assert.Equal(200, await Status(await page.GotoAsync(path)));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Choose a time for your visit");
        Assert.Equal(2, await page.Locator("fieldset").CountAsync());
        await AssertAccessible(page);
        await AssertFitsPhones(page);
        await Screenshot(page, "booking-choose.png");

        await page.Locator($"label[for='w-{chosen}']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Confirm your visit");
        await Assertions.Expect(page.Locator(".summary")).ToContainTextAsync(chosenText);
        await AssertAccessible(page);
        await AssertFitsPhones(page);
        await Screenshot(page, "booking-confirm.png");

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your visit is booked");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(chosenText);
        await AssertAccessible(page);
        await AssertFitsPhones(page);
        await Screenshot(page, "booking-booked.png");

        var appointment = (await api.Get($"/v1/appointments/{id}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("scheduled", appointment["status"]!.GetValue<string>());
        Assert.Equal(chosen, appointment["window"]!["id"]!.GetValue<string>());
        Assert.NotEqual(first, chosen);
        var scheduled = (await api.Get($"/v1/appointments/{id}/events")).Json!.AsArray()[^1]!;
        Assert.Equal("appointment.scheduled", scheduled["type"]!.GetValue<string>());
        Assert.Equal("booking_page", scheduled["actor"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task TwoBrowsers_RaceForTheLastPlace_OneConfirmation_OneJustTakenWithFreshChoices()
    {
        NextMonth();
        var (firstId, firstPath) = await PatientLed();
        var (secondId, secondPath) = await PatientLed();
        var lastPlace = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(3, hour: 9), capacity: 1);
        var other = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(3, hour: 14), capacity: 2);
        var pages = new[] { await fixture.Phone(), await fixture.Phone() };
        foreach (var (page, path) in pages.Zip([firstPath, secondPath]))
        {
            await page.GotoAsync(path);
            await page.Locator($"label[for='w-{lastPlace}']").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" })).ToBeVisibleAsync();
        }

        await Task.WhenAll(pages.Select(page => page.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" }).ClickAsync()));
        var headings = await Task.WhenAll(pages.Select(async page =>
        {
            var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
            await Assertions.Expect(heading).Not.ToHaveTextAsync("Confirm your visit");
            return await heading.TextContentAsync();
        }));

        Assert.Single(headings, h => h == "Your visit is booked");
        var loser = pages[Array.FindIndex(headings, h => h != "Your visit is booked")];
        await Assertions.Expect(loser.GetByRole(AriaRole.Alert)).ToContainTextAsync("just been taken");
        await Assertions.Expect(loser.Locator($"#w-{other}")).ToHaveCountAsync(1);
        await Assertions.Expect(loser.Locator($"#w-{lastPlace}")).ToHaveCountAsync(0);
        await AssertAccessible(loser);
        await Screenshot(loser, "booking-just-taken.png");

        var statuses = await Task.WhenAll(new[] { firstId, secondId }.Select(async id => (await api.Get($"/v1/appointments/{id}")).Json!["status"]!.GetValue<string>()));
        Assert.Equal(["scheduled", "scheduling"], statuses.Order());
    }

    [Fact]
    public async Task SupersededTamperedAndExpiredLinks_ShowClearAccessiblePages_WithoutAppointmentData()
    {
        NextMonth();
        var (id, oldPath) = await PatientLed();
        var fresh = (await api.Post($"/v1/appointments/{id}/scheduling-link", new { })).AssertStatus(HttpStatusCode.OK).Json!;
        var freshPath = BookingPageClient.PathOf(fresh["schedulingLink"]!["url"]!.GetValue<string>());
        var page = await fixture.Phone();

        Assert.Equal(410, await Status(await page.GotoAsync(oldPath)));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This link has been replaced");
        await AssertAccessible(page);
        await Screenshot(page, "booking-link-superseded.png");

        var tampered = freshPath[..^2] + (freshPath[^2] == 'A' ? "B" : "A") + freshPath[^1];
        Assert.Equal(400, await Status(await page.GotoAsync(tampered)));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This link does not work");
        await AssertAccessible(page);
        await Screenshot(page, "booking-link-tampered.png");

        Assert.Equal(200, await Status(await page.GotoAsync(freshPath)));
        fixture.Clock.Advance(Duration.FromDays(15));
        Assert.Equal(410, await Status(await page.GotoAsync(freshPath)));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This link has expired");
        await AssertAccessible(page);
        await AssertFitsPhones(page);
        await Screenshot(page, "booking-link-expired.png");
        Assert.DoesNotContain("Ada", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyboardOnly_CompletesTheBooking_WithAVisibleFocusOnEveryStop()
    {
        NextMonth();
        var (id, path) = await PatientLed();
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(4, hour: 11));
        var page = await fixture.Phone();
        await page.GotoAsync(path);

        // Tab to the first radio, select it with Space, Tab to Continue, Enter.
        await TabUntil(page, $"w-{windowId}");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.Locator($"#w-{windowId}")).ToBeCheckedAsync();
        await TabUntilButton(page, "Continue");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Confirm your visit");

        await TabUntilButton(page, "Confirm booking");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your visit is booked");
        Assert.Equal("scheduled", (await api.Get($"/v1/appointments/{id}")).Json!["status"]!.GetValue<string>());
    }

    private static async Task TabUntil(IPage page, string elementId)
    {
        for (var i = 0; i < 20; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''") == elementId)
            {
                await AssertFocusVisible(page);
                return;
            }

            await AssertFocusVisible(page);
        }

        Assert.Fail($"Tab never reached #{elementId}");
    }

    private static async Task TabUntilButton(IPage page, string name)
    {
        for (var i = 0; i < 20; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            await AssertFocusVisible(page);
            if (await page.EvaluateAsync<string>("() => document.activeElement?.tagName === 'BUTTON' ? document.activeElement.textContent.trim() : ''") == name)
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached the '{name}' button");
    }

    /// <summary>The focused control draws a focus ring (WCAG 2.4.7): an outline that is not 'none' and at least 2 px.</summary>
    private static async Task AssertFocusVisible(IPage page)
    {
        var outline = await page.EvaluateAsync<string>(
            "() => { const e = document.activeElement; if (!e || e === document.body) return 'body'; const s = getComputedStyle(e); return s.outlineStyle + ' ' + s.outlineWidth; }");
        Assert.True(outline == "body" || (!outline.StartsWith("none", StringComparison.Ordinal) && !outline.EndsWith(" 0px", StringComparison.Ordinal) && !outline.EndsWith(" 1px", StringComparison.Ordinal)), $"focus not visible: {outline}");
    }
}
