import { diffArrays, type ArrayChange } from "diff";

export interface QuoteAlignment {
  /** The stretch of the passage the quote corresponds to: whole words, as the passage has them. */
  stretch: string;
  /** 2 × shared words / (words in the stretch + words in the quote): 1 when they are the same words. */
  similarity: number;
}

/**
 * Words deleted or inserted past which an alignment gives up. Myers' diff costs (N + M) · D, and
 * D reached 2,000 for a quote of 1,000 words reversed (2.3 s over 20 passages, jsdiff allocating
 * at every step). The margins of the window count as deletions, hence their own bound: an
 * alignment gives up only when the quote has more than about a hundred words changed.
 */
export const ALIGNMENT_EDITS = 300;
/** Words of the passage kept on each side of the quote-long stretch aligned: half the quote's length, at most this. */
const MAX_MARGIN = 50;

/**
 * Finds the stretch of a passage that a quote corresponds to, and how alike they are; undefined
 * when they share no word, cannot reach `minSimilarity`, or are more than ALIGNMENT_EDITS words
 * apart. Both are normalized (normalizeQuote), and words are their space-separated tokens.
 * Letter case is ignored.
 */
export function alignQuote(passage: string, quote: string, minSimilarity = 0): QuoteAlignment | undefined {
  const passageWords = passage.split(" ");
  const quoteWords = quote.split(" ");
  const folded = passageWords.map((word) => word.toLowerCase());
  const foldedQuote = quoteWords.map((word) => word.toLowerCase());
  const [from, to] = searchWindow(folded, foldedQuote);
  const window = folded.slice(from, to);
  // Shared words cannot outnumber the window's words that also are the quote's, so this bounds the
  // similarity from above without the cost of a diff.
  const overlap = sharedCount(window, foldedQuote);
  if ((2 * overlap) / (overlap + quoteWords.length) < minSimilarity) return undefined;
  const changes = diffArrays(window, foldedQuote, { maxEditLength: ALIGNMENT_EDITS });
  const stretch = changes && alignedStretch(changes, window.length);
  if (!stretch) return undefined;
  const words = passageWords.slice(from + stretch.start, from + stretch.end);
  const similarity = (2 * stretch.shared) / (words.length + quoteWords.length);
  return similarity < minSimilarity ? undefined : { stretch: words.join(" "), similarity };
}

/** How many times each word occurs. */
function tally(words: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** Σ min(occurrences in `words`, occurrences in `quote`) over the quote's words. */
function sharedCount(words: string[], quote: string[]): number {
  const wanted = tally(quote);
  let shared = 0;
  for (const word of words) {
    const left = wanted.get(word) ?? 0;
    if (left > 0) {
      shared++;
      wanted.set(word, left - 1);
    }
  }
  return shared;
}

/**
 * Where to align in a long passage: around the quote-long stretch that shares the most words with
 * the quote, with room for words the quote dropped or added. It bounds the diff's cost by the
 * quote's length rather than the passage's (a paragraph may be a whole 2 MB body).
 */
function searchWindow(passage: string[], quote: string[]): [number, number] {
  const margin = Math.min(MAX_MARGIN, Math.ceil(quote.length / 2));
  if (passage.length <= quote.length + 2 * margin) return [0, passage.length];
  const wanted = tally(quote);
  // shared = Σ min(held, wanted) over the words of the stretch passage[i - quote.length + 1 .. i].
  const held = new Map<string, number>();
  let shared = 0;
  let best = { start: 0, shared: -1 };
  for (let i = 0; i < passage.length; i++) {
    const entering = passage[i]!;
    const before = held.get(entering) ?? 0;
    if (before < (wanted.get(entering) ?? 0)) shared++;
    held.set(entering, before + 1);
    if (i >= quote.length) {
      const leaving = passage[i - quote.length]!;
      const after = held.get(leaving)! - 1;
      held.set(leaving, after);
      if (after < (wanted.get(leaving) ?? 0)) shared--;
    }
    if (i >= quote.length - 1 && shared > best.shared) best = { start: i - quote.length + 1, shared };
  }
  return [Math.max(0, best.start - margin), Math.min(passage.length, best.start + quote.length + margin)];
}

const isShared = (change: ArrayChange<string>) => !change.added && !change.removed;
const wordCount = (changes: ArrayChange<string>[], side: "added" | "removed") =>
  changes.reduce((count, change) => count + (change[side] ? change.value.length : 0), 0);

/**
 * The stretch of the window from its first to its last word shared with the quote, widened at
 * each end by as many window words as the quote has in their place there: a changed first or last
 * word reads as a replacement, not as an addition.
 */
function alignedStretch(changes: ArrayChange<string>[], windowLength: number) {
  const first = changes.findIndex(isShared);
  if (first === -1) return undefined;
  const last = changes.findLastIndex(isShared);
  const leading = changes.slice(0, first);
  const trailing = changes.slice(last + 1);
  return {
    start: Math.max(0, wordCount(leading, "removed") - wordCount(leading, "added")),
    end: windowLength - Math.max(0, wordCount(trailing, "removed") - wordCount(trailing, "added")),
    shared: changes.filter(isShared).reduce((count, change) => count + change.value.length, 0),
  };
}
