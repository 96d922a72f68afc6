import { countWords, type ContentHash, type Passage, type PassageKind } from "../../protocol";
import type { PassageChunk } from "../text/passageChunks";
import type { Db } from "./database";
import { passageRemover, passageWriter } from "./passageRows";

/** A chunk the index found: its article, its quote-normalized text, and the passage to show for it. */
export interface IndexedPassage {
  contentHash: ContentHash;
  /** The chunk, quote-normalized: what a quote is compared with. */
  text: string;
  /** As the answer shows it: the passage as the article has it, or a chunk of a long one, normalized. */
  passage: Passage;
}

interface ChunkRow {
  contentHash: ContentHash;
  kind: PassageKind;
  passage: number;
  start: number;
  end: number;
  whole: 0 | 1;
  text: string;
  original: string | null;
}

// The join keeps out every text the chain does not record: stored is not anchored.
const ANCHORED_MATCHES = `SELECT ar.content_hash AS contentHash, c.kind, c.passage, c.start_at AS start, c.end_at AS "end", c.whole, c.text, c.original
  FROM passages p JOIN passage_chunks c ON c.id = p.rowid JOIN articles ar ON ar.rowid = c.article_rowid JOIN anchors a ON a.content_hash = ar.content_hash
  WHERE passages MATCH ?`;

/**
 * Words of a quote the phrase query holds. FTS5 checks a phrase on every passage that has all its
 * words, in time that grows with the phrase: a long quote of common words ("de la le et…") would
 * cost seconds on a large index. Sixteen words in a row single a passage out all the same.
 */
const PHRASE_WORDS = 16;
/** Distinct words of a quote that rank the candidates for the closest passage: a sentence or two. */
const RANKED_WORDS = 64;

/**
 * An FTS5 string: its tokens, in order, form a phrase. FTS5 reads a query as a C string, so a NUL
 * would end it inside the quotes ("unterminated string"); unicode61 reads NUL as a separator, so a
 * space in its place finds the same tokens.
 */
const ftsString = (text: string) => `"${text.replaceAll('"', '""').replaceAll("\0", " ")}"`;

/**
 * The full-text index of article passages (SQLite FTS5 over passage_chunks). Queries take a quote
 * in quote-normalized form and answer only chunks of anchored articles, read with their rows.
 */
export class PassageStore {
  private readonly statements;
  private readonly write: (articleRowid: number, chunks: PassageChunk[]) => void;
  private readonly unwrite: (articleRowid: number) => void;

  constructor(db: Db) {
    this.statements = {
      phrase: db.prepare<[string, number], ChunkRow>(`${ANCHORED_MATCHES} ORDER BY a.block_number, a.log_index, c.id LIMIT ?`),
      anyWord: db.prepare<[string, number], ChunkRow>(`${ANCHORED_MATCHES} ORDER BY bm25(passages) LIMIT ?`),
    };
    this.write = passageWriter(db);
    this.unwrite = passageRemover(db);
  }

  /**
   * Indexes an article's chunks (quotableChunks). Call it once per article, in the transaction
   * that stores its text, with the row it was stored in.
   */
  add(articleRowid: number, chunks: PassageChunk[]): void {
    this.write(articleRowid, chunks);
  }

  /** Takes an article's chunks out of the index, in the transaction that removes its text. */
  remove(articleRowid: number): void {
    this.unwrite(articleRowid);
  }

  /**
   * Chunks whose words include the quote's first words in a row, ignoring case, accents and
   * punctuation: every chunk that contains the quote, and some that do not (check them with
   * findQuote). Earliest anchored first, each article's in reading order.
   */
  withPhrase(quote: string, limit: number): IndexedPassage[] {
    return this.statements.phrase.all(ftsString(quote.split(" ").slice(0, PHRASE_WORDS).join(" ")), limit).map(indexedPassage);
  }

  /**
   * Chunks that share at least one of the quote's first RANKED_WORDS distinct words, the most
   * relevant (BM25) first. A query of a thousand terms took 70 ms of the event loop.
   */
  sharingWords(quote: string, limit: number): IndexedPassage[] {
    const words = [...new Set(quote.toLowerCase().split(" ").filter((token) => countWords(token) > 0))].slice(0, RANKED_WORDS);
    return words.length === 0 ? [] : this.statements.anyWord.all(words.map(ftsString).join(" OR "), limit).map(indexedPassage);
  }
}

function indexedPassage({ contentHash, kind, passage: index, start, end, whole, text, original }: ChunkRow): IndexedPassage {
  const passage: Passage = whole ? { kind, index, text: original ?? text } : { kind, index, text, chunk: { start, end } };
  return { contentHash, text, passage };
}
