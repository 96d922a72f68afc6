import type { DomainCheckStatus, Hex } from "../../protocol";
import type { Db } from "./database";

/** The last check of a publisher's domain statement, for the key and domain it checked. */
export interface DomainCheckRow {
  publisherId: number;
  key: Hex;
  domain: string;
  status: Exclude<DomainCheckStatus, "unchecked">;
  url: string | null;
  reason: string | null;
  /** Unix milliseconds. */
  checkedAt: number;
}

const COLUMNS = "publisher_id AS publisherId, key, domain, status, url, reason, checked_at AS checkedAt";

/**
 * Domain checks: the service's own observations, kept apart from the chain index so that a
 * rebuild of the index (ChainIndex.clear) does not forget them.
 */
export class DomainCheckStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      get: db.prepare<[number], DomainCheckRow>(`SELECT ${COLUMNS} FROM domain_checks WHERE publisher_id = ?`),
      put: db.prepare(
        `INSERT INTO domain_checks (publisher_id, key, domain, status, url, reason, checked_at)
         VALUES (@publisherId, @key, @domain, @status, @url, @reason, @checkedAt)
         ON CONFLICT (publisher_id) DO UPDATE SET key = excluded.key, domain = excluded.domain, status = excluded.status,
           url = excluded.url, reason = excluded.reason, checked_at = excluded.checked_at`,
      ),
    };
  }

  get(publisherId: number): DomainCheckRow | undefined {
    return this.statements.get.get(publisherId);
  }

  put(row: DomainCheckRow): void {
    this.statements.put.run(row);
  }
}
