import { isWordBoundary } from "./words";

/**
 * Whether a quote occurs in a passage, both normalized by normalizeQuote, starting and ending on
 * word boundaries ("0 millions" does not occur in "600 millions"). Letter case is ignored for the
 * match and reported: `exactCase` is false when only the case differs.
 */
export function findQuote(passage: string, quote: string): { exactCase: boolean } | undefined {
  if (occursOnWordBoundaries(passage, quote)) return { exactCase: true };
  if (occursOnWordBoundaries(passage.toLowerCase(), quote.toLowerCase())) return { exactCase: false };
  return undefined;
}

function occursOnWordBoundaries(text: string, part: string): boolean {
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) {
    if (isWordBoundary(text, at) && isWordBoundary(text, at + part.length)) return true;
  }
  return false;
}

/** Bounds on a quote, after normalization: enough words to mean something, and a sentence or a few. */
export const QUOTE_LIMITS = { minWords: 3, maxLength: 2_000 } as const;
