using System.Globalization;

namespace Scheduling.Api.Endpoints;

/// <summary>
/// An appointment's <c>ETag</c> is its event stream's version, <c>"3"</c>. <c>If-Match</c> on a change names the
/// version the client read: anything other than the current one (including an unparseable tag) is 412.
/// </summary>
public static class Versions
{
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The version <c>If-Match</c> requires; null when absent or <c>*</c>; -1 (never current) when it is no version of ours.</summary>
    public static long? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : -1;
    }
}
