import type { CidString, ContentHash, Hex } from "../protocol";
import type { Db } from "./database";

export interface PublisherRow {
  id: number;
  key: Hex;
  name: string;
  domain: string;
  /** Unix seconds. */
  registeredAt: number;
  /** Unix seconds, or null while active. */
  revokedAt: number | null;
}

export interface AnchorRow {
  contentHash: ContentHash;
  cid: CidString;
  publisherId: number;
  signer: Hex;
  previous: ContentHash | null;
  blockNumber: number;
  txHash: Hex;
  logIndex: number;
  /** Unix seconds: the anchoring block's timestamp. */
  anchoredAt: number;
}

/** Last block whose events are in the index, with its hash to notice a reorg or a reset chain. */
export interface Cursor {
  blockNumber: number;
  blockHash: Hex;
}

const PUBLISHER_COLUMNS = "id, key, name, domain, registered_at AS registeredAt, revoked_at AS revokedAt";
const ANCHOR_COLUMNS = `content_hash AS contentHash, cid, publisher_id AS publisherId, signer, previous,
  block_number AS blockNumber, tx_hash AS txHash, log_index AS logIndex, anchored_at AS anchoredAt`;

/**
 * What the registry's events say: publishers and anchors. It is written only by the indexer and
 * can be dropped and rebuilt from the chain at any time.
 */
export class ChainIndex {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      getMeta: db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?"),
      setMeta: db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
      insertPublisher: db.prepare(
        "INSERT INTO publishers (id, key, name, domain, registered_at) VALUES (@id, @key, @name, @domain, @registeredAt)",
      ),
      revokePublisher: db.prepare("UPDATE publishers SET revoked_at = ? WHERE id = ?"),
      publisherById: db.prepare<[number], PublisherRow>(`SELECT ${PUBLISHER_COLUMNS} FROM publishers WHERE id = ?`),
      publisherByKey: db.prepare<[string], PublisherRow>(`SELECT ${PUBLISHER_COLUMNS} FROM publishers WHERE key = ?`),
      insertAnchor: db.prepare(
        `INSERT INTO anchors (content_hash, cid, publisher_id, signer, previous, block_number, tx_hash, log_index, anchored_at)
         VALUES (@contentHash, @cid, @publisherId, @signer, @previous, @blockNumber, @txHash, @logIndex, @anchoredAt)`,
      ),
      anchorByHash: db.prepare<[string], AnchorRow>(`SELECT ${ANCHOR_COLUMNS} FROM anchors WHERE content_hash = ?`),
    };
  }

  cursor(): Cursor | undefined {
    const value = this.statements.getMeta.get("cursor")?.value;
    return value === undefined ? undefined : (JSON.parse(value) as Cursor);
  }

  setCursor(cursor: Cursor): void {
    this.statements.setMeta.run("cursor", JSON.stringify(cursor));
  }

  /** Runs `work` in one transaction, so a batch of events and the cursor land together or not at all. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Forgets every indexed event, keeping article texts: used when the chain no longer matches. */
  clear(): void {
    this.transaction(() => {
      this.db.exec("DELETE FROM anchors; DELETE FROM publishers; DELETE FROM meta WHERE key = 'cursor';");
    });
  }

  addPublisher(row: Omit<PublisherRow, "revokedAt">): void {
    this.statements.insertPublisher.run(row);
  }

  revokePublisher(id: number, revokedAt: number): void {
    this.statements.revokePublisher.run(revokedAt, id);
  }

  addAnchor(row: AnchorRow): void {
    this.statements.insertAnchor.run(row);
  }

  publisherById(id: number): PublisherRow | undefined {
    return this.statements.publisherById.get(id);
  }

  publisherByKey(key: Hex): PublisherRow | undefined {
    return this.statements.publisherByKey.get(key);
  }

  anchor(contentHash: ContentHash): AnchorRow | undefined {
    return this.statements.anchorByHash.get(contentHash);
  }
}
