using System.Globalization;
using System.Net;

namespace Scheduling.Api.IntegrationTests.Observability;

/// <summary>Reads <c>GET /metrics</c> as Prometheus text: one value per series key (<c>name{labels}</c>).</summary>
internal static class PrometheusScrape
{
    public static async Task<Dictionary<string, double>> Read(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        // Prometheus text: "name{label="value",…} 12 [timestamp]"; label values may hold spaces.
        return text.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.LastIndexOf('}') is var end and >= 0 ? (line[..(end + 1)], line[(end + 1)..]) : (line[..line.IndexOf(' ', StringComparison.Ordinal)], line[line.IndexOf(' ', StringComparison.Ordinal)..]))
            .GroupBy(sample => sample.Item1)
            .ToDictionary(g => g.Key, g => double.Parse(g.First().Item2.Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }

    /// <summary>The sum over series of the metric that carry every given label (the exporter adds its own, in its own order).</summary>
    public static double Get(Dictionary<string, double> metrics, string name, params string[] labels) =>
        metrics.Where(m => (m.Key == name || m.Key.StartsWith(name + "{", StringComparison.Ordinal)) && labels.All(l => m.Key.Contains(l, StringComparison.Ordinal)))
            .Sum(m => m.Value);

    public static bool Has(Dictionary<string, double> metrics, string name) =>
        metrics.Keys.Any(k => k == name || k.StartsWith(name + "{", StringComparison.Ordinal));

    /// <summary>Every label value of every series.</summary>
    public static List<string> LabelValues(Dictionary<string, double> metrics) =>
        [.. metrics.Keys.SelectMany(k => k.Split('"').Where((_, i) => i % 2 == 1))];
}
