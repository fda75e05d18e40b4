using NodaTime;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Patients;

/// <summary>A person who receives visits. Stored as a document: its history is not part of the audit scope.</summary>
public sealed record Patient(
    string Id,
    string FirstName,
    string LastName,
    string Phone,
    string Email,
    LocalDate DateOfBirth,
    string? NhsNumber,
    string? ExternalRef,
    Address? Address,
    Instant CreatedAt)
{
    /// <summary>NHS numbers are 10 digits whose last is a modulus-11 check digit (a remainder of 10 is never issued).</summary>
    public static bool IsValidNhsNumber(string? value)
    {
        if (value is not { Length: 10 } || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (value[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        return check != 10 && check == value[9] - '0';
    }
}
