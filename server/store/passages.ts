import { countWords, normalizeQuote, type ContentHash, type NormalizedArticle, type Passage, type PassageKind } from "../../protocol";
import { articlePassages } from "../text/articlePassages";
import type { Db } from "./database";

/** A passage as indexed: where it is, its text in quote-normalized form, and the passage as the article has it. */
export interface IndexedPassage {
  contentHash: ContentHash;
  kind: PassageKind;
  index: number;
  text: string;
  original: Passage;
}

// The index is contentless (migration 6): a passage's rowid is its article's rowid times 2^21 plus
// its slot, and its text is read back from the article. 2^21 slots hold more paragraphs than the
// longest body allowed can have.
const SLOTS = 2 ** 21;
const slotOf = ({ kind, index }: Passage) => (kind === "title" ? 0 : kind === "subtitle" ? 1 : 2 + index);
const passageOfSlot = (slot: number): { kind: PassageKind; index: number } =>
  slot === 0 ? { kind: "title", index: 0 } : slot === 1 ? { kind: "subtitle", index: 0 } : { kind: "paragraph", index: slot - 2 };

// The join keeps out every text the chain does not record: stored is not anchored.
const ANCHORED_MATCHES = `SELECT p.rowid AS id, ar.content_hash AS contentHash
  FROM passages p JOIN articles ar ON ar.rowid = p.rowid >> 21 JOIN anchors a ON a.content_hash = ar.content_hash
  WHERE passages MATCH ?`;

/**
 * Words of a quote the phrase query holds. FTS5 checks a phrase on every passage that has all its
 * words, in time that grows with the phrase: a long quote of common words ("de la le et…") would
 * cost seconds on a large index. Sixteen words in a row single a passage out all the same.
 */
const PHRASE_WORDS = 16;

/**
 * An FTS5 string: its tokens, in order, form a phrase. FTS5 reads a query as a C string, so a NUL
 * would end it inside the quotes ("unterminated string"); unicode61 reads NUL as a separator, so a
 * space in its place finds the same tokens.
 */
const ftsString = (text: string) => `"${text.replaceAll('"', '""').replaceAll("\0", " ")}"`;

/**
 * The full-text index of article passages (SQLite FTS5). Queries take a quote in quote-normalized
 * form and answer only passages of anchored articles.
 */
export class PassageStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare("INSERT INTO passages (rowid, text) VALUES (?, ?)"),
      phrase: db.prepare<[string, number], Candidate>(`${ANCHORED_MATCHES} ORDER BY a.block_number, a.log_index, p.rowid LIMIT ?`),
      anyWord: db.prepare<[string, number], Candidate>(`${ANCHORED_MATCHES} ORDER BY bm25(passages) LIMIT ?`),
      article: db.prepare<[string], { article: string }>("SELECT article FROM articles WHERE content_hash = ?"),
    };
  }

  /**
   * Indexes an article's quotable passages (quotablePassages). Call it once per article, in the
   * transaction that stores its text, with the row it was stored in.
   */
  add(articleRowid: number, passages: Passage[]): void {
    for (const passage of passages) this.statements.insert.run(articleRowid * SLOTS + slotOf(passage), passage.text);
  }

  /**
   * Passages whose words include the quote's first words in a row, ignoring case, accents and
   * punctuation: every passage that contains the quote, and some that do not (check them with
   * findQuote). Earliest anchored first, each article's in reading order.
   */
  withPhrase(quote: string, limit: number): IndexedPassage[] {
    return this.passagesOf(this.statements.phrase.all(ftsString(quote.split(" ").slice(0, PHRASE_WORDS).join(" ")), limit));
  }

  /** Passages that share at least one word with the quote, the most relevant (BM25) first. */
  sharingWords(quote: string, limit: number): IndexedPassage[] {
    const words = [...new Set(quote.toLowerCase().split(" ").filter((token) => countWords(token) > 0))];
    return words.length === 0 ? [] : this.passagesOf(this.statements.anyWord.all(words.map(ftsString).join(" OR "), limit));
  }

  /** The candidates' passages, quote-normalized, read from their articles (each article parsed once). */
  private passagesOf(candidates: Candidate[]): IndexedPassage[] {
    const byArticle = new Map<ContentHash, Passage[]>();
    return candidates.map(({ id, contentHash }) => {
      let passages = byArticle.get(contentHash);
      if (!passages) {
        const { article } = this.statements.article.get(contentHash)!;
        byArticle.set(contentHash, (passages = articlePassages(JSON.parse(article) as NormalizedArticle)));
      }
      const { kind, index } = passageOfSlot(id % SLOTS);
      const passage = passages.find((candidate) => candidate.kind === kind && candidate.index === index);
      // The index is written in the transaction that stores the text: a bug, not a caller's mistake.
      if (!passage) throw new Error(`passage ${kind} ${index} of ${contentHash} is indexed but its article has no such passage`);
      return { contentHash, kind, index, text: normalizeQuote(passage.text), original: passage };
    });
  }
}

interface Candidate {
  id: number;
  contentHash: ContentHash;
}
