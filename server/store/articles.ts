import type { CidString, ContentHash, Hex, NormalizedArticle, SignatureHex } from "../../protocol";
import type { PassageChunk } from "../text/passageChunks";
import { inTransaction, type Db } from "./database";
import { PassageStore } from "./passages";

/** An anchored version whose text this service does not hold: what a replica fetches. */
export interface TextlessAnchor {
  rowid: number;
  contentHash: ContentHash;
  cid: CidString;
  signer: Hex;
  previous: ContentHash | null;
}

export interface StoredArticle {
  contentHash: ContentHash;
  cid: CidString;
  article: NormalizedArticle;
  signature: SignatureHex;
  publisher: Hex;
  previous: ContentHash | null;
}

/** The texts of published articles, keyed by their content hash, with their passages indexed for quotes. */
export class ArticleStore {
  private readonly statements;
  private readonly passages: PassageStore;

  constructor(private readonly db: Db) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO articles (content_hash, cid, article, signature, publisher, previous, stored_at)
         VALUES (@contentHash, @cid, @article, @signature, @publisher, @previous, @storedAt)
         ON CONFLICT (content_hash) DO NOTHING`,
      ),
      byHash: db.prepare<[string], { contentHash: ContentHash; cid: CidString; article: string; signature: SignatureHex; publisher: Hex; previous: ContentHash | null }>(
        `SELECT content_hash AS contentHash, cid, article, signature, publisher, previous FROM articles WHERE content_hash = ?`,
      ),
      rowid: db.prepare<[string], { rowid: number }>("SELECT rowid FROM articles WHERE content_hash = ?"),
      remove: db.prepare<[number]>("DELETE FROM articles WHERE rowid = ?"),
      textless: db.prepare<[number, number], TextlessAnchor>(
        `SELECT an.rowid AS rowid, an.content_hash AS contentHash, an.cid, an.signer, an.previous
         FROM anchors an LEFT JOIN articles ar ON ar.content_hash = an.content_hash
         WHERE an.rowid > ? AND ar.content_hash IS NULL ORDER BY an.rowid LIMIT ?`,
      ),
    };
    this.passages = new PassageStore(db);
  }

  /**
   * Keeps the first text stored for a hash: the same hash is the same text. `passages` are its
   * quotableChunks, computed by the caller (off the event loop, in publishing). One
   * transaction: a text is never stored without its passages, nor indexed twice.
   */
  save(stored: StoredArticle, passages: PassageChunk[]): boolean {
    return inTransaction(this.db, () => {
      const { changes, lastInsertRowid } = this.statements.insert.run({ ...stored, article: JSON.stringify(stored.article), storedAt: Date.now() });
      if (changes === 1) this.passages.add(Number(lastInsertRowid), passages);
      return changes === 1;
    });
  }

  /**
   * Removes a text and its passages: for a publication that `save` stored and that never reached
   * the chain (nothing was broadcast), so that a refused request leaves nothing behind.
   */
  discard(contentHash: ContentHash): void {
    inTransaction(this.db, () => {
      const row = this.statements.rowid.get(contentHash);
      if (!row) return;
      this.passages.remove(row.rowid);
      this.statements.remove.run(row.rowid);
    });
  }

  /** Anchored versions after `afterRowid` (in index order) whose texts this store lacks. */
  textless(afterRowid: number, limit: number): TextlessAnchor[] {
    return this.statements.textless.all(afterRowid, limit);
  }

  get(contentHash: ContentHash): StoredArticle | undefined {
    const row = this.statements.byHash.get(contentHash);
    return row && { ...row, article: JSON.parse(row.article) as NormalizedArticle };
  }
}
