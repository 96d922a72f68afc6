import type { ContentHash } from "../protocol";
import type { Passage, PassageKind } from "../text/articlePassages";
import { countWords } from "../text/words";
import type { Db } from "./database";

/** A passage as indexed: where it is, and its text in quote-normalized form. */
export interface IndexedPassage {
  contentHash: ContentHash;
  kind: PassageKind;
  index: number;
  text: string;
}

const COLUMNS = `p.content_hash AS contentHash, p.kind, p.position AS "index", p.text`;
// The join keeps out every text the chain does not record: stored is not anchored.
const ANCHORED_MATCHES = `FROM passages p JOIN anchors a ON a.content_hash = p.content_hash WHERE passages MATCH ?`;

/**
 * Words of a quote the phrase query holds. FTS5 checks a phrase on every passage that has all its
 * words, in time that grows with the phrase: a long quote of common words ("de la le et…") would
 * cost seconds on a large index. Sixteen words in a row single a passage out all the same.
 */
const PHRASE_WORDS = 16;

/** An FTS5 string: its tokens, in order, form a phrase. */
const ftsString = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * The full-text index of article passages (SQLite FTS5). Queries take a quote in quote-normalized
 * form and answer only passages of anchored articles.
 */
export class PassageStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare("INSERT INTO passages (text, content_hash, kind, position) VALUES (?, ?, ?, ?)"),
      phrase: db.prepare<[string, number], IndexedPassage>(
        `SELECT ${COLUMNS} ${ANCHORED_MATCHES} ORDER BY a.block_number, a.log_index, p.rowid LIMIT ?`,
      ),
      anyWord: db.prepare<[string, number], IndexedPassage>(`SELECT ${COLUMNS} ${ANCHORED_MATCHES} ORDER BY bm25(passages) LIMIT ?`),
    };
  }

  /**
   * Indexes an article's quotable passages (quotablePassages). Call it once per article, in the
   * transaction that stores its text.
   */
  add(contentHash: ContentHash, passages: Passage[]): void {
    for (const { kind, index, text } of passages) this.statements.insert.run(text, contentHash, kind, index);
  }

  /**
   * Passages whose words include the quote's first words in a row, ignoring case, accents and
   * punctuation: every passage that contains the quote, and some that do not (check them with
   * findQuote). Earliest anchored first, each article's in reading order.
   */
  withPhrase(quote: string, limit: number): IndexedPassage[] {
    return this.statements.phrase.all(ftsString(quote.split(" ").slice(0, PHRASE_WORDS).join(" ")), limit);
  }

  /** Passages that share at least one word with the quote, the most relevant (BM25) first. */
  sharingWords(quote: string, limit: number): IndexedPassage[] {
    const words = [...new Set(quote.toLowerCase().split(" ").filter((token) => countWords(token) > 0))];
    return words.length === 0 ? [] : this.statements.anyWord.all(words.map(ftsString).join(" OR "), limit);
  }
}
