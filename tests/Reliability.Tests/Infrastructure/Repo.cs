namespace Scheduling.Reliability.Tests.Infrastructure;

public static class Repo
{
    /// <summary>The repository root (the folder holding Scheduling.sln).</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Scheduling.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Scheduling.sln not found above the test output folder.");
    }
}
