import {
  ActiveIdentities,
  domainToUnicode,
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
  active: ActiveIdentities;
}

/**
 * The publisher object of every answer (docs/api.md): the chain index's row, with the service's
 * last check of its domain and what the identity rules say of a name and domain the chain holds
 * unchecked (a registration sent to the registry directly skips the service's refusals).
 */
export class PublisherViews {
  private identities: IdentityIndex | undefined;
  /**
   * Per publisher: its name and domain never change on chain, so neither do their keys and
   * character issues, which cost IDNA and skeleton work (0.2 ms a publisher). A rebuild on a new
   * block is then only lookups.
   */
  private readonly measured = new Map<string, { keys: IdentityKeys; issues: IdentityWarning[] }>();

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
    return this.index().active.conflicts(identityKeys(candidate));
  }

  private index(): IdentityIndex {
    const at = JSON.stringify(this.chainIndex.cursor() ?? null);
    if (this.identities?.at !== at) this.identities = this.build(at);
    return this.identities;
  }

  /** In registration order: a publisher is measured against the active publishers registered before it. */
  private build(at: string): IdentityIndex {
    const warnings = new Map<number, IdentityWarning[]>();
    const active = new ActiveIdentities();
    const names = new Map<number, string>();
    for (const row of this.chainIndex.publishers()) {
      const { keys, issues } = this.measure(row);
      const found = [...issues, ...active.conflicts(keys).map((conflict) => conflictWarning(conflict, names.get(conflict.publisherId)!))];
      if (found.length > 0) warnings.set(row.id, found);
      names.set(row.id, row.name);
      if (row.revokedAt === null) active.add(row.id, keys);
    }
    return { at, warnings, active };
  }

  private measure(row: PublisherRow): { keys: IdentityKeys; issues: IdentityWarning[] } {
    const cacheKey = `${row.id}\u0000${row.name}\u0000${row.domain}`;
    let measured = this.measured.get(cacheKey);
    if (!measured) {
      const issues = identityIssues(row.name, row.domain).map(
        (issue): IdentityWarning => ({
          code: issue.rule === "not_a_domain_name" ? "invalid_domain" : "invalid_characters",
          field: issue.field,
          publisherId: null,
          message: issue.message,
        }),
      );
      this.measured.set(cacheKey, (measured = { keys: identityKeys(row), issues }));
    }
    return measured;
  }
}

function conflictWarning(conflict: IdentityConflict, otherName: string): IdentityWarning {
  const named = `publisher #${conflict.publisherId} (${JSON.stringify(otherName)})`;
  return conflict.code === "domain_taken_by"
    ? { code: "domain_taken_by", field: "domain", publisherId: conflict.publisherId, message: `${named}, registered earlier, has the same domain` }
    : {
        code: "confusable_with",
        field: conflict.field,
        publisherId: conflict.publisherId,
        message: `the ${conflict.field} looks like that of ${named}, registered earlier`,
      };
}
