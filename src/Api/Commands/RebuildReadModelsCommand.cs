using JasperFx.CommandLine;
using Scheduling.Infrastructure.Rebuild;

namespace Scheduling.Api.Commands;

/// <summary>
/// <c>dotnet Scheduling.Api.dll rebuild-read-models</c>: the bulk rebuild of every projected read model
/// (<see cref="ReadModelRebuild"/>; docs/queries.md). Marten's own <c>projections rebuild</c> still works, row by row.
/// </summary>
[Description("Rebuilds every projected read model from the events in bulk, then swaps it in (docs/queries.md)", Name = "rebuild-read-models")]
public sealed class RebuildReadModelsCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var report = await host.Services.GetRequiredService<ReadModelRebuild>().Run(CancellationToken.None);
        // Counts and timings only: documents hold personal data and are never printed.
        Console.WriteLine(
            $"Rebuilt {string.Join(", ", report.Documents.Select(d => $"{d.Key} ({d.Value} documents)"))} from {report.Events} events " +
            $"in {report.Total.TotalSeconds:F1} s (fold + copy {report.Fold.TotalSeconds:F1} s, indexes {report.Indexes.TotalSeconds:F1} s, swap {report.Swap.TotalSeconds:F2} s)");
        return true;
    }
}
