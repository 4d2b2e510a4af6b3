using System.Globalization;
using Microsoft.Playwright;
using static Inbox.Benchmarks.Failover;

namespace Inbox.Benchmarks;

/// <summary>
/// Issue 15's memory per idle circuit: pages opened one after another in real Chromium and kept open, each a live circuit
/// on the server, against the template's Weather page opened the same way in a minimal Blazor Server app. Both servers are
/// processes of their own (the benchmark probe reads their managed heap after full, compacting collections), so neither
/// heap holds the benchmark, Playwright or the other app.
/// </summary>
internal static class Circuits
{
    public const int Pages = 50;
    private const int Rows = 50;

    public static async Task RunAsync(Report report)
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            double inboxPer, weatherPer;
            long inboxBase, weatherBase;
            await using (var scene = await Scene.StartAsync())
            {
                // More conversations than a page shows, so each page holds a full first page of rows.
                for (var i = 0; i < Rows + 10; i++) await scene.CustomerWritesAsync(Scene.Sender(i), $"Hello, about my order {i}: is there any news on when it ships?");
                var (context, first) = await scene.SignInAsync(browser);
                (inboxBase, inboxPer) = await MeasureAsync(scene.Node, context, first, $"{scene.Node.BaseUrl}/inbox",
                    // The page draws only the rows in view (Virtualize); each row drawn says how many the list holds.
                    $"Number(document.querySelector('#conversations [data-conversation]')?.closest('li').getAttribute('aria-setsize')) >= {Rows}", "inbox");
                await context.CloseAsync();
            }
            using (var weather = await Node.StartAsync(new() { ["Logging:LogLevel:Default"] = "Warning" }, ["Inbox.Benchmarks.dll", "--host", "weather"], probed: true))
            {
                var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
                var first = await context.NewPageAsync();
                (weatherBase, weatherPer) = await MeasureAsync(weather, context, first, $"{weather.BaseUrl}/weather",
                    "document.querySelectorAll('table tbody tr').length === 5", "weather");
                await context.CloseAsync();
            }
            var ratio = inboxPer / weatherPer;
            report.Row($"the template's Weather page (interactive server, no prerender): {Pages} pages open", $"{Kib(weatherPer)} KiB per circuit", "",
                $"a minimal Blazor Server app in a process of its own; heap {Kib(weatherBase)} KiB with one page open before, the other {Pages} after");
            report.Row($"the inbox, {Rows} rows each, signed in as a supervisor: {Pages} pages open", $"{Kib(inboxPer)} KiB per circuit",
                $"≤ 2× Weather: {(ratio <= 2 ? "met" : "NOT met")} ({ratio:N2}×)",
                $"Inbox.Web as it ships (Production, SQLite) in a process of its own; heap {Kib(inboxBase)} KiB with one page open before");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    /// <summary>
    /// With <paramref name="first"/> already showing <paramref name="url"/> (so the app's first-use costs are paid), the
    /// heap; then <see cref="Pages"/> more pages, each waited for until <paramref name="ready"/>; a few idle seconds; the heap.
    /// </summary>
    private static async Task<(long Before, double PerCircuit)> MeasureAsync(Node server, IBrowserContext context, IPage first, string url, string ready, string name)
    {
        if (first.Url != url) await first.GotoAsync(url);
        await first.WaitForFunctionAsync(ready, null, new() { Timeout = 60_000 });
        await Task.Delay(3_000);
        Console.WriteLine($"{name}: {await first.EvaluateAsync<int>("document.querySelectorAll('#conversations [data-conversation], table tbody tr').length")} rows drawn on the first page");
        var before = await server.HeapAsync();
        await GcDumpAsync(server, name + "-1");
        var pages = new List<IPage>();
        for (var i = 0; i < Pages; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(url);
            await page.WaitForFunctionAsync(ready, null, new() { Timeout = 60_000 });
            pages.Add(page);
            if (i == Pages / 2 - 1) Console.WriteLine($"{name}: heap with {i + 2} pages open {Kib(await server.HeapAsync())} KiB");
        }
        await Task.Delay(5_000);
        var after = await server.HeapAsync();
        await GcDumpAsync(server, name);
        // Every page still shows what it showed: the circuits were alive when the heap was read.
        foreach (var page in pages)
            if (!await page.EvaluateAsync<bool>(ready)) throw new InvalidOperationException($"a {name} page lost its content");
        Console.WriteLine($"{name}: heap {Kib(before)} KiB with 1 page, {Kib(after)} KiB with {Pages + 1}");
        return (before, (after - before) / (double)Pages);
    }

    /// <summary>With INBOX_BENCH_GCDUMP set to a folder, a heap dump of the server there (dotnet-gcdump on the PATH): what a circuit holds, by type.</summary>
    private static async Task GcDumpAsync(Node server, string name)
    {
        if (Environment.GetEnvironmentVariable("INBOX_BENCH_GCDUMP") is not { } folder) return;
        Directory.CreateDirectory(folder);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet-gcdump") { UseShellExecute = false };
        foreach (var arg in new[] { "collect", "-p", server.Pid.ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(folder, name + ".gcdump") }) start.ArgumentList.Add(arg);
        using var dump = System.Diagnostics.Process.Start(start)!;
        await dump.WaitForExitAsync();
    }

    private static string Kib(double bytes) => (bytes / 1024).ToString("N0", CultureInfo.InvariantCulture);
}
