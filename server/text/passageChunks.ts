import { isWordBoundary, normalizeQuote, QUOTE_LIMITS, type NormalizedArticle, type PassageKind } from "../../protocol";
import { articlePassages } from "./articlePassages";

/** A stretch of a passage as the quote index holds it: quote-normalized, and where it sits. */
export interface PassageChunk {
  kind: PassageKind;
  /** The passage's index (docs/api.md: 0 for the title and the subtitle, the paragraph's otherwise). */
  index: number;
  /** Where the chunk sits in the quote-normalized passage, in UTF-16 code units: [start, end). */
  start: number;
  end: number;
  /** Whether the chunk is the whole passage. */
  whole: boolean;
  /** The chunk, quote-normalized. */
  text: string;
  /** The passage as the article has it, for a whole passage whose normalized form differs; null otherwise. */
  original: string | null;
}

/**
 * Longest chunk, in code units of normalized text. Long enough that nearly every paragraph is one
 * chunk, short enough that matching and aligning a quote against a chunk costs little, however
 * long its paragraph: a body may be one paragraph of 2,000,000 characters.
 */
export const CHUNK_LENGTH = 8_000;
/** Chunks of a long passage overlap by at least this much: a quote of the longest length allowed always lies whole in one. */
export const CHUNK_OVERLAP = QUOTE_LIMITS.maxLength;
/** How far before the ideal cut a space is looked for, before any word boundary will do. */
const CUT_SLACK = 1_000;

/**
 * The chunks the quote index holds for an article: its passages (articlePassages), normalized, the
 * empty ones left out, each cut into chunks of at most CHUNK_LENGTH when longer (chunkBounds).
 */
export function quotableChunks(article: NormalizedArticle): PassageChunk[] {
  return articlePassages(article).flatMap(({ kind, index, text: original }) => {
    const text = normalizeQuote(original);
    const bounds = text === "" ? [] : chunkBounds(text);
    const whole = bounds.length === 1;
    return bounds.map(([start, end]) => ({
      kind,
      index,
      start,
      end,
      whole,
      text: text.slice(start, end),
      original: whole && original !== text ? original : null,
    }));
  });
}

/**
 * Where to cut a normalized passage into chunks of at most CHUNK_LENGTH code units, such that:
 * - every stretch of at most CHUNK_OVERLAP code units that starts and ends on word boundaries and
 *   not on a space (every place a quote can match) lies whole in some chunk;
 * - every chunk starts and ends on a word boundary of the passage and not on a space, so that
 *   findQuote answers the same in the chunk as in the passage.
 * Cuts are made at a space when one is near, else at any word boundary, else anywhere but inside
 * a surrogate pair; each chunk is then narrowed to the boundaries within it, which drops the piece
 * of a word a cut went through (no quote can start or end inside a word) and a chunk that is all
 * one word.
 */
export function chunkBounds(text: string): [number, number][] {
  if (text.length <= CHUNK_LENGTH) return [[0, text.length]];
  const bounds: [number, number][] = [];
  let start = 0;
  for (;;) {
    const last = text.length - start <= CHUNK_LENGTH;
    const end = last ? text.length : cutAt(text, start + CHUNK_LENGTH);
    const [from, to] = [narrowStart(text, start, end), narrowEnd(text, start, end)];
    if (from < to) bounds.push([from, to]);
    if (last) return bounds;
    // The next chunk starts at least CHUNK_OVERLAP before this one ends: a quote that does not end
    // in this chunk starts after that (it is at most CHUNK_OVERLAP long).
    start = cutAt(text, end - CHUNK_OVERLAP);
  }
}

/** The cut at or before `at` (and after at - CUT_SLACK when it can): a space, else a word boundary, else `at`. */
function cutAt(text: string, at: number): number {
  const space = text.lastIndexOf(" ", at);
  if (space >= at - CUT_SLACK) return space;
  for (let position = at; position > at - CUT_SLACK; position--) if (isCut(text, position)) return position;
  return splitsPair(text, at) ? at - 1 : at;
}

/** A word boundary, not inside a surrogate pair (where isWordBoundary, seeing half a character, says yes). */
const isCut = (text: string, position: number) => !splitsPair(text, position) && isWordBoundary(text, position);
const splitsPair = (text: string, position: number) => /[\udc00-\udfff]/.test(text[position] ?? "") && /[\ud800-\udbff]/.test(text[position - 1] ?? "");

/** The first position from `start` where a quote could begin: a word boundary, not a space. */
function narrowStart(text: string, start: number, end: number): number {
  let position = start;
  while (position < end && (text[position] === " " || !isCut(text, position))) position++;
  return position;
}

/** The last position up to `end` where a quote could end: a word boundary, after no space. */
function narrowEnd(text: string, start: number, end: number): number {
  let position = end;
  while (position > start && (text[position - 1] === " " || !isCut(text, position))) position--;
  return position;
}
