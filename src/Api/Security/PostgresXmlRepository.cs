using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Scheduling.Infrastructure.Security;

namespace Scheduling.Api.Security;

/// <summary>
/// The Data Protection key ring (antiforgery tokens) in PostgreSQL: every instance and every restart reads the same
/// keys, so a form rendered by one instance is accepted by another.
/// </summary>
public sealed class PostgresXmlRepository(PostgresKeyTables tables) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => [.. tables.DataProtectionElements().Select(XElement.Parse)];

    public void StoreElement(XElement element, string friendlyName) =>
        tables.StoreDataProtectionElement(friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
