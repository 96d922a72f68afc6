import { h } from "./dom";

// What the service's quote normalization (server/text/quoteNormalization.ts) folds into one
// character, as patterns matching any spelling an article may use. The service answers with the
// normalized quote and the passage as the article has it; these find the one inside the other.
const SPELLINGS: Record<string, string> = {
  " ": "[\\s\\u00ad\\u200b\\u2060\\ufeff]+",
  "'": "['\\u2018\\u2019\\u201a\\u201b\\u2032]",
  '"': '(?:["\\u201c\\u201d\\u201e]|\\u00ab\\s?|\\s?\\u00bb)',
  "-": "[-\\u2010\\u2011\\u2012\\u2013\\u2014\\u2212]",
  "...": "(?:\\.\\.\\.|\\u2026)",
};
const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

/**
 * The passage with the quote marked, letter case ignored as the service ignores it. A passage in
 * which the quote cannot be found again (a spelling this page does not know) is shown unmarked.
 */
export function markQuote(passage: string, quote: string): (string | HTMLElement)[] {
  const tokens = quote.match(/\.\.\.|[\s\S]/gu) ?? [];
  const found = tokens.length === 0 ? null : new RegExp(tokens.map((token) => SPELLINGS[token] ?? escapeRegExp(token)).join(""), "iu").exec(passage);
  if (!found) return [passage];
  const end = found.index + found[0].length;
  return [passage.slice(0, found.index), h("mark", {}, found[0]), passage.slice(end)];
}
