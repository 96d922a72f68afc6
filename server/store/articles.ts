import type { NormalizedArticle, CidString, ContentHash, Hex, SignatureHex } from "../protocol";
import type { Db } from "./database";

export interface StoredArticle {
  contentHash: ContentHash;
  cid: CidString;
  article: NormalizedArticle;
  signature: SignatureHex;
  publisher: Hex;
  previous: ContentHash | null;
}

/** The texts of published articles, keyed by their content hash. */
export class ArticleStore {
  private readonly statements;

  constructor(db: Db) {
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
  }

  /** Keeps the first text stored for a hash: the same hash is the same text. */
  save(stored: StoredArticle): void {
    this.statements.insert.run({ ...stored, article: JSON.stringify(stored.article), storedAt: Date.now() });
  }

  get(contentHash: ContentHash): StoredArticle | undefined {
    const row = this.statements.byHash.get(contentHash);
    return row && { ...row, article: JSON.parse(row.article) as NormalizedArticle };
  }
}
