// What copying from a web page, a PDF or a social network changes without changing the words.
// Written as escapes: several of these characters look alike, or like nothing, in an editor.

/** Soft hyphen, zero-width space, word joiner, zero-width no-break space: hyphenation and layout marks. */
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/g;
/** Any run of JavaScript whitespace: spaces, tabs, line ends, U+00A0, U+202F, U+3000… */
const WHITESPACE = /\s+/g;
/** Guillemets « » with the space inside them (after WHITESPACE, at most one). */
const OPENING_GUILLEMET = /\u00ab ?/g;
const CLOSING_GUILLEMET = / ?\u00bb/g;
/** ‘ ’ ‚ ‛ ′ */
const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032]/g;
/** “ ” „ */
const DOUBLE_QUOTES = /[\u201c\u201d\u201e]/g;
/** ‐ ‑ ‒ – — − */
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2212]/g;
const ELLIPSIS = /\u2026/g;

/**
 * The form in which quotes and article passages are compared (docs/protocol.md, "Quote
 * normalization"). It is idempotent, and it keeps letter case and accents: those are the
 * writer's, and the service reports a difference in them.
 */
export function normalizeQuote(text: string): string {
  return (
    text
      .normalize("NFC")
      .replace(INVISIBLE, "")
      // Whitespace first, so that no pattern below meets a long run of spaces it could backtrack over.
      .replace(WHITESPACE, " ")
      .replace(OPENING_GUILLEMET, '"')
      .replace(CLOSING_GUILLEMET, '"')
      .replace(SINGLE_QUOTES, "'")
      .replace(DOUBLE_QUOTES, '"')
      .replace(DASHES, "-")
      .replace(ELLIPSIS, "...")
      .trim()
      // Again: deleting an invisible mark can bring a letter and its combining accent together.
      .normalize("NFC")
  );
}
