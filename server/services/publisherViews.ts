import {
  domainToUnicode,
  identityConflicts,
  identityIssues,
  identityKeys,
  isPublicTestAccount,
  publisherStatementUrl,
  type DomainCheck,
  type IdentityConflict,
  type IdentityKeys,
  type IdentityWarning,
  type PublisherView,
  type StatementOrigins,
} from "../../protocol";
import type { ChainIndex, PublisherRow } from "../store/chainIndex";
import type { DomainCheckStore } from "../store/domainChecks";

const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

/** What the identity rules say of every indexed publisher, for one state of the index. */
interface IdentityIndex {
  /** The index's cursor it was computed at: a new block may bring publishers or revocations. */
  at: string;
  warnings: Map<number, IdentityWarning[]>;
  active: (IdentityKeys & { id: number; name: string })[];
}

/**
 * The publisher object of every answer (docs/api.md): the chain index's row, with the service's
 * last check of its domain and what the identity rules say of a name and domain the chain holds
 * unchecked (a registration sent to the registry directly skips the service's refusals).
 */
export class PublisherViews {
  private identities: IdentityIndex | undefined;
  /** Per publisher: its name and domain never change on chain, so neither do its keys. */
  private readonly keys = new Map<string, IdentityKeys>();

  constructor(
    private readonly chainIndex: ChainIndex,
    private readonly domainChecks: DomainCheckStore,
    private readonly origins: StatementOrigins,
  ) {}

  view(row: PublisherRow): PublisherView {
    return {
      id: row.id,
      address: row.key,
      name: row.name,
      domain: row.domain,
      domainUnicode: domainToUnicode(row.domain) ?? null,
      registeredAt: isoSeconds(row.registeredAt),
      revokedAt: row.revokedAt === null ? null : isoSeconds(row.revokedAt),
      active: row.revokedAt === null,
      keyRotationNonce: row.keyRotations,
      demo: isPublicTestAccount(row.key),
      domainCheck: this.domainCheck(row),
      identityWarnings: this.index().warnings.get(row.id) ?? [],
    };
  }

  /** The last check of this key and domain; unchecked when there was none, or it was of another key. */
  domainCheck(row: PublisherRow): DomainCheck {
    const check = this.domainChecks.get(row.id);
    if (!check || check.key !== row.key || check.domain !== row.domain) {
      return { status: "unchecked", checkedAt: null, url: publisherStatementUrl(row.domain, this.origins) ?? null, reason: null };
    }
    return { status: check.status, checkedAt: new Date(check.checkedAt).toISOString(), url: check.url, reason: check.reason };
  }

  /** How a would-be publisher's name and domain collide with the active publishers'. */
  conflicts(candidate: { name: string; domain: string }): IdentityConflict[] {
    return identityConflicts(identityKeys(candidate), this.index().active);
  }

  private index(): IdentityIndex {
    const at = JSON.stringify(this.chainIndex.cursor() ?? null);
    if (this.identities?.at !== at) this.identities = this.build(at);
    return this.identities;
  }

  /** In registration order: a publisher is measured against the active publishers registered before it. */
  private build(at: string): IdentityIndex {
    const warnings = new Map<number, IdentityWarning[]>();
    const earlier: IdentityIndex["active"] = [];
    for (const row of this.chainIndex.publishers()) {
      const keys = this.keysOf(row);
      const found = [
        ...identityIssues(row.name, row.domain).map(
          (issue): IdentityWarning => ({
            code: issue.rule === "not_a_domain_name" ? "invalid_domain" : "invalid_characters",
            field: issue.field,
            publisherId: null,
            message: issue.message,
          }),
        ),
        ...identityConflicts(keys, earlier).map((conflict) => conflictWarning(conflict, earlier)),
      ];
      if (found.length > 0) warnings.set(row.id, found);
      if (row.revokedAt === null) earlier.push({ ...keys, id: row.id, name: row.name });
    }
    return { at, warnings, active: earlier };
  }

  private keysOf(row: PublisherRow): IdentityKeys {
    const cacheKey = `${row.id}\u0000${row.name}\u0000${row.domain}`;
    let keys = this.keys.get(cacheKey);
    if (!keys) this.keys.set(cacheKey, (keys = identityKeys(row)));
    return keys;
  }
}

function conflictWarning(conflict: IdentityConflict, publishers: { id: number; name: string }[]): IdentityWarning {
  const other = publishers.find((publisher) => publisher.id === conflict.publisherId)!;
  const named = `publisher #${other.id} (${JSON.stringify(other.name)})`;
  return conflict.code === "domain_taken_by"
    ? { code: "domain_taken_by", field: "domain", publisherId: other.id, message: `${named}, registered earlier, has the same domain` }
    : { code: "confusable_with", field: conflict.field, publisherId: other.id, message: `the ${conflict.field} looks like that of ${named}, registered earlier` };
}
