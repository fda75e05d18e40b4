using NodaTime;
using Scheduling.Application.Appointments.List;
using Scheduling.Application.Common.Listing;

namespace Scheduling.Application.Tests.Appointments.List;

public sealed class FilterParserTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static ListFilter Parse(string filter) => FilterParser.Parse(filter, AppointmentFilters.Schema, London);

    [Theory]
    [InlineData("externalRef:\"abc-123\"", FilterField.ExternalRef, "abc-123")]
    [InlineData("status:\"cancelled\"", FilterField.Status, "cancelled")]
    [InlineData("taskId:\"tsk_preop\"", FilterField.TaskId, "tsk_preop")]
    [InlineData("patient.id:\"p_1\"", FilterField.PatientId, "p_1")]
    [InlineData("externalRef:\"\"", FilterField.ExternalRef, "")]
    [InlineData("externalRef:\"say \\\"hi\\\" \\\\ bye\"", FilterField.ExternalRef, "say \"hi\" \\ bye")]
    [InlineData("externalRef:\"'; drop table x; --\"", FilterField.ExternalRef, "'; drop table x; --")]
    public void Equals_ParsesFieldAndUnescapedValue(string filter, FilterField field, string value)
    {
        Assert.Equal(new EqualsFilter(field, value), Parse(filter));
    }

    [Fact]
    public void Contains_ParsesForStringFields()
    {
        Assert.Equal(new ContainsFilter(FilterField.ExternalRef, "%_"), Parse("externalRef~\"%_\""));
    }

    [Fact]
    public void Dates_AreWholeLocalDays()
    {
        // 1 July 2026 in London is BST: it starts at 30 June 23:00 UTC.
        var start = Instant.FromUtc(2026, 6, 30, 23, 0);
        var end = Instant.FromUtc(2026, 7, 1, 23, 0);

        Assert.Equal(new TimeRangeFilter(FilterField.CreatedAt, start, end), Parse("createdAt:\"2026-07-01\""));
        Assert.Equal(new TimeRangeFilter(FilterField.CreatedAt, start, null), Parse("createdAt>=\"2026-07-01\""));
        Assert.Equal(new TimeRangeFilter(FilterField.CreatedAt, end, null), Parse("createdAt>\"2026-07-01\""));
        Assert.Equal(new TimeRangeFilter(FilterField.UpdatedAt, null, start), Parse("updatedAt<\"2026-07-01\""));
        Assert.Equal(new TimeRangeFilter(FilterField.UpdatedAt, null, end), Parse("updatedAt<=\"2026-07-01\""));
    }

    [Fact]
    public void Instants_AreExact()
    {
        var t = Instant.FromUtc(2026, 11, 23, 10, 15, 30);
        Assert.Equal(new TimeRangeFilter(FilterField.CreatedAt, t, null), Parse("createdAt>=\"2026-11-23T10:15:30Z\""));
        Assert.Equal(new TimeRangeFilter(FilterField.CreatedAt, null, t), Parse("createdAt<\"2026-11-23T10:15:30Z\""));
        Assert.Equal(new TimeRangeFilter(FilterField.CreatedAt, t.PlusTicks(1), null), Parse("createdAt>\"2026-11-23T10:15:30Z\""));
    }

    [Theory]
    [InlineData("2026-11-23T11:15:30+01:00")]
    [InlineData("2026-11-23T10:15:30+00:00")]
    [InlineData("2026-11-23T04:45:30-05:30")]
    public void InstantsWithAnOffset_AreTheInstantTheyName(string value)
    {
        var t = Instant.FromUtc(2026, 11, 23, 10, 15, 30);
        Assert.Equal(new TimeRangeFilter(FilterField.CreatedAt, t, null), Parse($"createdAt>=\"{value}\""));
    }

    [Theory]
    [InlineData("", "field name")]
    [InlineData("colour:\"red\"", "Unknown filter field")]
    [InlineData("externalRef=\"a\"", "operator")]
    [InlineData("externalRef:a", "double quotes")]
    [InlineData("externalRef:\"a", "closing double quote")]
    [InlineData("externalRef:\"a\" ", "after the closing quote")]
    [InlineData("externalRef:\"a\\n\"", "escapes")]
    [InlineData("externalRef:\"a\u0001\"", "control characters")]
    [InlineData("externalRef>\"a\"", "not supported")]
    [InlineData("status~\"sched\"", "not supported")]
    [InlineData("status:\"lost\"", "not a status")]
    [InlineData("createdAt~\"2026\"", "not supported")]
    [InlineData("createdAt>=\"yesterday\"", "date (YYYY-MM-DD)")]
    [InlineData("createdAt>=\"2026-02-30\"", "date (YYYY-MM-DD)")]
    [InlineData(" externalRef:\"a\"", "field name")]
    public void Malformed_IsRejectedNamingTheProblem(string filter, string expected)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => Parse(filter));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLong_IsRejected()
    {
        Assert.Throws<FilterSyntaxException>(() => Parse($"externalRef:\"{new string('a', FilterParser.MaxLength)}\""));
    }

    [Fact]
    public void PatientName_TakesOnlyContains()
    {
        Assert.Equal(new ContainsFilter(FilterField.PatientName, "Lovel"), Parse("patient.name~\"Lovel\""));
        var error = Assert.Throws<FilterSyntaxException>(() => Parse("patient.name:\"Ada\""));
        Assert.Contains("only '~'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name~\"ada\"", FilterField.Name)]
    [InlineData("externalRef~\"crm\"", FilterField.ExternalRef)]
    public void PatientSchema_ContainsFields(string filter, FilterField field)
    {
        Assert.IsType<ContainsFilter>(FilterParser.Parse(filter, Scheduling.Application.Patients.List.PatientFilters.Schema, London));
        Assert.Equal(field, FilterParser.Parse(filter, Scheduling.Application.Patients.List.PatientFilters.Schema, London).Field);
    }

    [Theory]
    [InlineData("name:\"Ada\"", "only '~'")]
    [InlineData("nhsNumber~\"943\"", "only ':'")]
    [InlineData("status:\"scheduled\"", "Unknown filter field 'status'; use one of name, externalRef, nhsNumber, createdAt, updatedAt")]
    [InlineData("updatedAt~\"2026\"", "not supported")]
    public void PatientSchema_RejectsWhatPatientsDoNotHave(string filter, string expected)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(filter, Scheduling.Application.Patients.List.PatientFilters.Schema, London));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomGarbage_NeverThrowsAnythingButASyntaxError()
    {
        var random = new Random(20261125);
        for (var i = 0; i < 5_000; i++)
        {
            var chars = Enumerable.Range(0, random.Next(0, 40)).Select(_ => (char)random.Next(0, 0x3000)).ToArray();
            var text = random.Next(3) == 0 ? "externalRef:\"" + new string(chars) : new string(chars);
            try
            {
                Parse(text);
            }
            catch (FilterSyntaxException)
            {
            }
        }
    }
}
