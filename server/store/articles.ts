import type { CidString, ContentHash, Hex, NormalizedArticle, SignatureHex } from "../../protocol";
import type { PassageChunk } from "../text/passageChunks";
import { inTransaction, type Db } from "./database";
import { PassageStore } from "./passages";

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
    };
    this.passages = new PassageStore(db);
  }

  /**
   * Keeps the first text stored for a hash: the same hash is the same text. `passages` are its
   * quotableChunks, computed by the caller (off the event loop, in publishing). One
   * transaction: a text is never stored without its passages, nor indexed twice.
   */
  save(stored: StoredArticle, passages: PassageChunk[]): void {
    inTransaction(this.db, () => {
      const { changes, lastInsertRowid } = this.statements.insert.run({ ...stored, article: JSON.stringify(stored.article), storedAt: Date.now() });
      if (changes === 1) this.passages.add(Number(lastInsertRowid), passages);
    });
  }

  get(contentHash: ContentHash): StoredArticle | undefined {
    const row = this.statements.byHash.get(contentHash);
    return row && { ...row, article: JSON.parse(row.article) as NormalizedArticle };
  }
}
