using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NodaTime;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Domain.Common;
using Scheduling.Domain.Organisations;

namespace Scheduling.Api.Tenancy;

/// <summary>
/// The configured organisations, validated once at start-up, and the API key check: the presented key is hashed
/// with SHA-256 and compared in constant time against every stored hash, so neither a match's position nor a
/// near miss shows in the timing.
/// </summary>
public sealed class OrganisationRegistry
{
    private readonly Dictionary<string, Organisation> byId;
    private readonly (byte[] Hash, Organisation Organisation, bool Operations)[] keys;

    public OrganisationRegistry(IOptions<OrganisationsOptions> options)
    {
        byId = new Dictionary<string, Organisation>(StringComparer.Ordinal);
        var keyList = new List<(byte[], Organisation, bool)>();
        foreach (var configured in options.Value.Organisations)
        {
            var organisation = ToOrganisation(configured);
            if (!byId.TryAdd(organisation.Id, organisation))
            {
                throw new InvalidOperationException($"Organisation '{organisation.Id}' is configured twice.");
            }

            foreach (var (hex, operations) in configured.ApiKeySha256.Select(h => (h, false)).Concat(configured.OperationsApiKeySha256.Select(h => (h, true))))
            {
                var hash = Convert.FromHexString(hex);
                if (hash.Length != SHA256.HashSizeInBytes)
                {
                    throw new InvalidOperationException($"An API key hash of '{organisation.Id}' is not a SHA-256 hex digest.");
                }

                keyList.Add((hash, organisation, operations));
            }
        }

        keys = [.. keyList];
    }

    public Organisation? Find(string organisationId) => byId.GetValueOrDefault(organisationId);

    /// <summary>The organisation and mode a key belongs to, or null for an unknown or malformed key.</summary>
    public (Organisation Organisation, TenantMode Mode)? Authenticate(string key) =>
        AuthenticateKey(key, out _) is { } found ? (found.Organisation, found.Mode) : null;

    /// <summary>
    /// As <see cref="Authenticate"/>, and whether the key is an operations key; also hands back the key's id (the
    /// first 16 hex digits of its hash), so a request hashes its key once.
    /// </summary>
    public (Organisation Organisation, TenantMode Mode, bool Operations)? AuthenticateKey(string key, out string keyId)
    {
        keyId = "";
        TenantMode mode;
        if (key.StartsWith("test_", StringComparison.Ordinal))
        {
            mode = TenantMode.Test;
        }
        else if (key.StartsWith("live_", StringComparison.Ordinal))
        {
            mode = TenantMode.Live;
        }
        else
        {
            return null;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        keyId = Convert.ToHexStringLower(presented.AsSpan(0, KeyIdBytes));
        Organisation? match = null;
        var operationsKey = false;
        foreach (var (hash, organisation, operations) in keys)
        {
            // No early exit: every stored hash is compared whatever matched before.
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                match = organisation;
                operationsKey = operations;
            }
        }

        return match is null ? null : (match, mode, operationsKey);
    }

    /// <summary>The key id is this many bytes of the hash (16 hex digits).</summary>
    private const int KeyIdBytes = 8;

    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static Organisation ToOrganisation(OrganisationOptions configured)
    {
        EntityId.Require(configured.Id, IdPrefix.Organisation, "organisation id");
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(configured.TimeZone)
            ?? throw new InvalidOperationException($"Organisation '{configured.Id}' has an unknown time zone '{configured.TimeZone}'.");
        var tasks = configured.Tasks
            .Select(t => new CareTask(EntityId.Require(t.Id, IdPrefix.Task, "task id"), t.Name, t.ScheduledAppointmentsEnabled, t.MinimumPlanDays))
            .ToArray();
        return new Organisation(configured.Id, configured.Name, zone, configured.DocumentsEnabled, tasks);
    }
}
