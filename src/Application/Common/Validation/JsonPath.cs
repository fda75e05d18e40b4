using System.Text;

namespace Scheduling.Application.Common.Validation;

/// <summary>Turns a C# property path ("Location.Postcode", "DocumentIds[2]") into the JSON path clients sent ("location.postcode").</summary>
public static class JsonPath
{
    public static string FromPropertyPath(string propertyPath)
    {
        var builder = new StringBuilder(propertyPath.Length);
        var startOfSegment = true;
        foreach (var c in propertyPath)
        {
            builder.Append(startOfSegment ? char.ToLowerInvariant(c) : c);
            startOfSegment = c == '.';
        }

        return builder.ToString();
    }
}
