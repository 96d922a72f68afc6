// A word is a run of letters, combining marks and digits: what the passage index (SQLite's
// unicode61 tokenizer) reads as a token. Punctuation, symbols and spaces separate words.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const WORD_CHARACTER_AT_START = /^[\p{L}\p{M}\p{N}]/u;
const WORD_CHARACTER_AT_END = /[\p{L}\p{M}\p{N}]$/u;

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/** True unless the characters on both sides of `position` belong to one word. */
export function isWordBoundary(text: string, position: number): boolean {
  // Two code units on each side hold one whole character, even an astral one.
  const before = text.slice(Math.max(0, position - 2), position);
  const after = text.slice(position, position + 2);
  return !(WORD_CHARACTER_AT_END.test(before) && WORD_CHARACTER_AT_START.test(after));
}
