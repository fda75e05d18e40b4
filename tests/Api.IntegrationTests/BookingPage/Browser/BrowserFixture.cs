using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime.Testing;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.BookingPage.Browser;

/// <summary>
/// The service on a real Kestrel socket on 127.0.0.1 (a browser cannot reach WebApplicationFactory's in-memory
/// server), its own fake clock and its own database (the pages list every free window of the task, so other
/// tests' windows must not appear), and Debian's Chromium driven by Playwright. Playwright's own browser
/// download is never used: the test script installs the distribution's <c>chromium</c> package.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime, IDisposable
{
    /// <summary>Where Debian puts Chromium; <c>SCHEDULING_CHROMIUM</c> overrides it.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("SCHEDULING_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private SchedulingApiFactory? factory;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public SchedulingApiFactory Factory => factory ?? throw new InvalidOperationException("Fixture not initialised.");

    public FakeClock Clock => Factory.Clock;

    /// <summary>The service's address, <c>http://127.0.0.1:{port}</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Fixture not initialised.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not at {ChromiumPath}: run ./test (it installs Debian's 'chromium' package) or set SCHEDULING_CHROMIUM.");
        }

        factory = new SchedulingApiFactory(await TestDatabase.CreateSeparateAsync());
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }

    public void Dispose()
    {
        playwright?.Dispose();
        factory?.Dispose();
    }

    /// <summary>An API client (demo test key) against the Kestrel server.</summary>
    public ApiClient Api() => new(new HttpClient { BaseAddress = BaseAddress }, DemoKeys.DemoTest);

    /// <summary>A fresh browser profile (its own cookies) with a phone-sized viewport.</summary>
    public async Task<IPage> Phone(int width = 390, int height = 844)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = 1,
            Locale = "en-GB",
        });
        return await context.NewPageAsync();
    }

    /// <summary><c>docs/images</c> of the repository the tests were built from.</summary>
    public static string ImagesDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Scheduling.sln")))
            {
                directory = directory.Parent;
            }

            var images = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Scheduling.sln not found above the test binaries."), "docs", "images");
            Directory.CreateDirectory(images);
            return images;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
