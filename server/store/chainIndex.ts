import type { CidString, ContentHash, Hex } from "../../protocol";
import type { Db } from "./database";

export interface PublisherRow {
  id: number;
  /** The identity's current signing key. */
  key: Hex;
  name: string;
  domain: string;
  /** Unix seconds. */
  registeredAt: number;
  /** Unix seconds, or null while active. */
  revokedAt: number | null;
  /** How many times the key was rotated: the nonce of the next KeyRotation. */
  keyRotations: number;
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
  /** The Merkle root of the batch it was anchored in, or null for a direct anchor. */
  batchRoot?: Hex | null;
}

export interface RetractionRow {
  contentHash: ContentHash;
  publisherId: number;
  reason: string;
  blockNumber: number;
  txHash: Hex;
  /** Unix seconds. */
  retractedAt: number;
}

/** A batch root as the registry anchored it; `problem` says why its file proves nothing, when it does not. */
export interface AnchoredBatchRow {
  root: Hex;
  blockNumber: number;
  logIndex: number;
  txHash: Hex;
  count: number;
  /** Unix seconds: the anchoring block's timestamp. */
  anchoredAt: number;
  problem: string | null;
}

/** Last block whose events are in the index, with its hash to notice a reorg or a reset chain. */
export interface Cursor {
  blockNumber: number;
  blockHash: Hex;
}

const PUBLISHER_COLUMNS = `p.id, p.key, p.name, p.domain, p.registered_at AS registeredAt, p.revoked_at AS revokedAt,
  (SELECT COUNT(*) - 1 FROM publisher_keys k WHERE k.publisher_id = p.id) AS keyRotations`;
const BATCH_COLUMNS = `root, block_number AS blockNumber, log_index AS logIndex, tx_hash AS txHash, count, anchored_at AS anchoredAt, problem`;
const ANCHOR_COLUMNS = `content_hash AS contentHash, cid, publisher_id AS publisherId, signer, previous,
  block_number AS blockNumber, tx_hash AS txHash, log_index AS logIndex, anchored_at AS anchoredAt, batch_root AS batchRoot`;

/**
 * What the registry's events say: publishers, their keys, anchors and retractions. It is written
 * only by the follower and can be dropped and rebuilt from the chain at any time.
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
      insertKey: db.prepare("INSERT INTO publisher_keys (key, publisher_id) VALUES (?, ?)"),
      setKey: db.prepare("UPDATE publishers SET key = ? WHERE id = ?"),
      revokePublisher: db.prepare("UPDATE publishers SET revoked_at = ? WHERE id = ?"),
      publisherById: db.prepare<[number], PublisherRow>(`SELECT ${PUBLISHER_COLUMNS} FROM publishers p WHERE p.id = ?`),
      publisherByKey: db.prepare<[string], PublisherRow>(
        `SELECT ${PUBLISHER_COLUMNS} FROM publisher_keys k JOIN publishers p ON p.id = k.publisher_id WHERE k.key = ?`,
      ),
      activePublisherId: db.prepare<[string], { id: number }>("SELECT id FROM publishers WHERE key = ? AND revoked_at IS NULL"),
      publishers: db.prepare<[], PublisherRow>(`SELECT ${PUBLISHER_COLUMNS} FROM publishers p ORDER BY p.id`),
      insertAnchor: db.prepare(
        `INSERT INTO anchors (content_hash, cid, publisher_id, signer, previous, block_number, tx_hash, log_index, anchored_at, batch_root)
         VALUES (@contentHash, @cid, @publisherId, @signer, @previous, @blockNumber, @txHash, @logIndex, @anchoredAt, @batchRoot)
         ON CONFLICT (content_hash) DO NOTHING`,
      ),
      anchorByHash: db.prepare<[string], AnchorRow>(`SELECT ${ANCHOR_COLUMNS} FROM anchors WHERE content_hash = ?`),
      recentAnchors: db.prepare<[number, number], AnchorRow>(
        `SELECT ${ANCHOR_COLUMNS} FROM anchors WHERE publisher_id = ? ORDER BY block_number DESC, log_index DESC LIMIT ?`,
      ),
      // A version chain, walked through the `previous` links in both directions from one version.
      olderVersions: db.prepare<[string], { contentHash: ContentHash }>(
        `WITH RECURSIVE back(hash, previous, depth) AS (
           SELECT content_hash, previous, 0 FROM anchors WHERE content_hash = ?
           UNION ALL SELECT a.content_hash, a.previous, back.depth + 1 FROM anchors a JOIN back ON a.content_hash = back.previous)
         SELECT hash AS contentHash FROM back ORDER BY depth DESC`,
      ),
      newerVersions: db.prepare<[string], { contentHash: ContentHash }>(
        `WITH RECURSIVE forward(hash, depth) AS (
           SELECT ?, 0
           UNION ALL SELECT a.content_hash, forward.depth + 1 FROM anchors a JOIN forward ON a.previous = forward.hash)
         SELECT hash AS contentHash FROM forward WHERE depth > 0 ORDER BY depth`,
      ),
      insertRetraction: db.prepare(
        `INSERT INTO retractions (content_hash, publisher_id, reason, block_number, tx_hash, retracted_at)
         VALUES (@contentHash, @publisherId, @reason, @blockNumber, @txHash, @retractedAt)`,
      ),
      insertBatch: db.prepare(
        `INSERT INTO anchored_batches (root, block_number, log_index, tx_hash, count, anchored_at, problem)
         VALUES (@root, @blockNumber, @logIndex, @txHash, @count, @anchoredAt, @problem)`,
      ),
      batchByRoot: db.prepare<[string], AnchoredBatchRow>(`SELECT ${BATCH_COLUMNS} FROM anchored_batches WHERE root = ?`),
      batchesAfter: db.prepare<[number, number, number], AnchoredBatchRow>(
        `SELECT ${BATCH_COLUMNS} FROM anchored_batches WHERE (block_number, log_index) > (?, ?) ORDER BY block_number, log_index LIMIT ?`,
      ),
      retraction: db.prepare<[string], RetractionRow>(
        `SELECT content_hash AS contentHash, publisher_id AS publisherId, reason, block_number AS blockNumber,
                tx_hash AS txHash, retracted_at AS retractedAt FROM retractions WHERE content_hash = ?`,
      ),
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
    this.transaction(() =>
      this.db.exec(`DELETE FROM retractions; DELETE FROM anchors; DELETE FROM anchored_batches; DELETE FROM publisher_keys;
        DELETE FROM publishers; DELETE FROM meta WHERE key = 'cursor';`),
    );
  }

  addPublisher(row: Omit<PublisherRow, "revokedAt" | "keyRotations">): void {
    this.statements.insertPublisher.run(row);
    this.statements.insertKey.run(row.key, row.id);
  }

  rotateKey(id: number, newKey: Hex): void {
    this.statements.setKey.run(newKey, id);
    this.statements.insertKey.run(newKey, id);
  }

  revokePublisher(id: number, revokedAt: number): void {
    this.statements.revokePublisher.run(revokedAt, id);
  }

  /**
   * Keeps the first anchoring of a text (protocol, "One anchoring per text"): a later one, direct or
   * batched, is not indexed, and the audit reports it.
   */
  addAnchor(row: AnchorRow): void {
    this.statements.insertAnchor.run({ batchRoot: null, ...row });
  }

  addBatch(row: AnchoredBatchRow): void {
    this.statements.insertBatch.run(row);
  }

  batch(root: Hex): AnchoredBatchRow | undefined {
    return this.statements.batchByRoot.get(root);
  }

  /** Anchored batches in chain order, those after `after` (a root this index holds) or from the first. */
  batchesAfter(after: AnchoredBatchRow | undefined, limit: number): AnchoredBatchRow[] {
    return this.statements.batchesAfter.all(after?.blockNumber ?? -1, after?.logIndex ?? -1, limit);
  }

  addRetraction(row: RetractionRow): void {
    this.statements.insertRetraction.run(row);
  }

  publisherById(id: number): PublisherRow | undefined {
    return this.statements.publisherById.get(id);
  }

  /** The identity a key belongs to now or belonged to before a rotation. */
  publisherByKey(key: Hex): PublisherRow | undefined {
    return this.statements.publisherByKey.get(key);
  }

  /** The active identity whose current key this is, if any: a key rotated out or revoked names none. */
  activePublisherId(key: Hex): number | undefined {
    return this.statements.activePublisherId.get(key)?.id;
  }

  publishers(): PublisherRow[] {
    return this.statements.publishers.all();
  }

  anchor(contentHash: ContentHash): AnchorRow | undefined {
    return this.statements.anchorByHash.get(contentHash);
  }

  recentAnchors(publisherId: number, limit: number): AnchorRow[] {
    return this.statements.recentAnchors.all(publisherId, limit);
  }

  retraction(contentHash: ContentHash): RetractionRow | undefined {
    return this.statements.retraction.get(contentHash);
  }

  /** Every version of the article `contentHash` belongs to, oldest first; empty when it is not anchored. */
  versions(contentHash: ContentHash): ContentHash[] {
    const older = this.statements.olderVersions.all(contentHash).map((row) => row.contentHash);
    if (older.length === 0) return [];
    return [...older, ...this.statements.newerVersions.all(contentHash).map((row) => row.contentHash)];
  }

  /** The newest version of the article `contentHash` belongs to. */
  latestVersion(contentHash: ContentHash): ContentHash {
    return this.statements.newerVersions.all(contentHash).at(-1)?.contentHash ?? contentHash;
  }
}
