using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inbox.Benchmarks;

/// <summary>
/// The baseline of the circuit section: a minimal Blazor Server app with the .NET template's Weather page made interactive
/// (a circuit per page, no prerendering, as Inbox's inbox page), run by this program with <c>--host weather</c> in a
/// process of its own. It serves the same <c>blazor.web.js</c> Inbox.Web does.
/// </summary>
internal static class WeatherApp
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args.Where(a => a is not ("--host" or "weather")).ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        var app = builder.Build();
        app.UseAntiforgery();
        var script = BlazorScript();
        app.MapGet("/_framework/blazor.web.js", () => Results.File(script, "text/javascript"));
        app.MapGet("/health", () => "ok");
        app.MapRazorComponents<WeatherShell>().AddInteractiveServerRenderMode();
        await app.RunAsync();
    }

    /// <summary>The blazor.web.js Inbox.Web's build serves, found through its static web assets manifest.</summary>
    private static string BlazorScript()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Inbox.Web.staticwebassets.runtime.json")));
        return manifest.RootElement.GetProperty("ContentRoots").EnumerateArray()
            .Select(root => Path.Combine(root.GetString()!, "blazor.web.js"))
            .First(File.Exists);
    }
}

/// <summary>The document: the template's App without its layout, the page interactive on the server.</summary>
public sealed class WeatherShell : ComponentBase
{
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.AddMarkupContent(0, "<!DOCTYPE html>");
        builder.OpenElement(1, "html");
        builder.AddAttribute(2, "lang", "en");
        builder.AddMarkupContent(3, "<head><meta charset=\"utf-8\" /><base href=\"/\" /><title>Weather</title></head>");
        builder.OpenElement(4, "body");
        builder.OpenComponent<WeatherPage>(5);
        builder.AddComponentRenderMode(new Microsoft.AspNetCore.Components.Web.InteractiveServerRenderMode(prerender: false));
        builder.CloseComponent();
        builder.AddMarkupContent(6, "<script src=\"_framework/blazor.web.js\"></script>");
        builder.CloseElement();
        builder.CloseElement();
    }
}

/// <summary>The template's Weather page: five made-up forecasts after half a second.</summary>
[Route("/weather")]
public sealed class WeatherPage : ComponentBase
{
    private static readonly string[] Summaries = ["Freezing", "Bracing", "Chilly", "Cool", "Mild", "Warm", "Balmy", "Hot", "Sweltering", "Scorching"];

    private Forecast[]? _forecasts;

    protected override async Task OnInitializedAsync()
    {
        await Task.Delay(500);
        var start = DateOnly.FromDateTime(DateTime.Now);
        _forecasts = Enumerable.Range(1, 5)
            .Select(i => new Forecast(start.AddDays(i), Random.Shared.Next(-20, 55), Summaries[Random.Shared.Next(Summaries.Length)]))
            .ToArray();
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenComponent<PageTitle>(0);
        builder.AddAttribute(1, "ChildContent", (RenderFragment)(b => b.AddContent(0, "Weather")));
        builder.CloseComponent();
        builder.AddMarkupContent(2, "<h1>Weather</h1><p>This component demonstrates showing data.</p>");
        if (_forecasts is null)
        {
            builder.AddMarkupContent(3, "<p><em>Loading...</em></p>");
            return;
        }
        builder.OpenElement(4, "table");
        builder.AddAttribute(5, "class", "table");
        builder.AddMarkupContent(6, "<thead><tr><th>Date</th><th aria-label=\"Temperature in Celsius\">Temp. (C)</th><th aria-label=\"Temperature in Fahrenheit\">Temp. (F)</th><th>Summary</th></tr></thead>");
        builder.OpenElement(7, "tbody");
        foreach (var forecast in _forecasts)
        {
            builder.OpenElement(8, "tr");
            builder.OpenElement(9, "td");
            builder.AddContent(10, forecast.Date.ToShortDateString());
            builder.CloseElement();
            builder.OpenElement(11, "td");
            builder.AddContent(12, forecast.TemperatureC);
            builder.CloseElement();
            builder.OpenElement(13, "td");
            builder.AddContent(14, forecast.TemperatureF);
            builder.CloseElement();
            builder.OpenElement(15, "td");
            builder.AddContent(16, forecast.Summary);
            builder.CloseElement();
            builder.CloseElement();
        }
        builder.CloseElement();
        builder.CloseElement();
    }

    private sealed record Forecast(DateOnly Date, int TemperatureC, string? Summary)
    {
        public int TemperatureF => 32 + (int)(TemperatureC / 0.5556);
    }
}
