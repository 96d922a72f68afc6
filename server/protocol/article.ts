import { z } from "zod";

/**
 * Limits on an article's fields, in UTF-16 code units as JavaScript counts string length.
 * They bound the work one request can cause; a 1 MB body fits with room to spare.
 */
export const ARTICLE_LIMITS = {
  title: 1_000,
  subtitle: 2_000,
  body: 2_000_000,
  authors: 100,
  author: 300,
  publishedAt: 64,
  language: 35,
  url: 2_048,
} as const;

// Lone surrogates have no UTF-8 encoding: JCS and hashing would silently turn them into U+FFFD,
// so two different inputs could share a hash. Reject them instead.
const text = (max: number) =>
  z.string().max(max).refine((value) => value.isWellFormed(), { message: "contains a lone surrogate" });

/** An article as a newsroom submits it (protocol v1, step 1). Unknown fields are rejected. */
export const articleInputSchema = z.strictObject({
  title: text(ARTICLE_LIMITS.title),
  subtitle: text(ARTICLE_LIMITS.subtitle).optional(),
  body: text(ARTICLE_LIMITS.body),
  authors: z.array(text(ARTICLE_LIMITS.author)).max(ARTICLE_LIMITS.authors).optional(),
  publishedAt: text(ARTICLE_LIMITS.publishedAt),
  language: text(ARTICLE_LIMITS.language).optional(),
  url: text(ARTICLE_LIMITS.url).optional(),
}).meta({ id: "ArticleInput" });
export type ArticleInput = z.infer<typeof articleInputSchema>;

const isBcp47 = (tag: string) => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
};

// Not z.url(): it returns the URL with tabs and line breaks deleted, as the WHATWG parser reads it,
// so we would hash a string other than the one sent. We refuse control characters instead: with
// none, and the ends trimmed, the parser reads exactly the string we hash.
const isUrl = (value: string) => !/[\u0000-\u001f\u007f]/.test(value) && URL.canParse(value);

/**
 * The normalized article: what is canonicalized and hashed. Checked after normalization. The limits
 * apply again because NFC can lengthen a string (U+0958 becomes two code units): without them, an
 * article we accepted could be refused when submitted again in its normalized form.
 */
export const normalizedArticleSchema = z.strictObject({
  title: z.string().min(1, "must not be empty").max(ARTICLE_LIMITS.title),
  subtitle: z.string().min(1).max(ARTICLE_LIMITS.subtitle).optional(),
  body: z.string().min(1, "must not be empty").max(ARTICLE_LIMITS.body),
  authors: z
    .array(z.string().min(1, "an author must not be empty").max(ARTICLE_LIMITS.author))
    .min(1)
    .max(ARTICLE_LIMITS.authors)
    .optional(),
  publishedAt: z.iso.datetime({ offset: true }).max(ARTICLE_LIMITS.publishedAt),
  language: z
    .string()
    .max(ARTICLE_LIMITS.language)
    .refine(isBcp47, { message: "must be a BCP 47 language tag" })
    .optional(),
  url: z
    .string()
    .max(ARTICLE_LIMITS.url)
    .refine(isUrl, { message: "must be an absolute URL without control characters" })
    .optional(),
});
export type NormalizedArticle = z.infer<typeof normalizedArticleSchema>;

// A loop, not /[ \t]+$/: that regex backtracks in quadratic time on a long run of spaces that is
// not at the end of the line, and one 2 MB body of spaces would stall the process for hours.
const trimEndSpacesAndTabs = (line: string) => {
  let end = line.length;
  while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
  return line.slice(0, end);
};

/**
 * Whether a text may break a line rule: a CR, a blank before a line end or at the end, a line
 * break first or last. Most bodies break none, and one linear scan (no backtracking: no pattern
 * repeats) spares them a split and join of every line, the costliest step for a long article.
 * The ends are read directly: as alternatives of the scan, `$` and `^` made it 30% slower.
 */
const LINE_END_RULE_BREAK = /\r|[ \t]\n/;
const mayBreakLineRules = (text: string) =>
  text.startsWith("\n") || text.endsWith("\n") || text.endsWith(" ") || text.endsWith("\t") || LINE_END_RULE_BREAK.test(text);

/** Body rules (protocol v1, step 2): LF line ends, no trailing blanks, no blank lines around. */
export function normalizeBody(body: string): string {
  const nfc = body.normalize("NFC");
  if (!mayBreakLineRules(nfc)) return nfc;
  const lines = nfc.replace(/\r\n?/g, "\n").split("\n").map(trimEndSpacesAndTabs);
  let first = 0;
  let last = lines.length;
  while (first < last && lines[first] === "") first++;
  while (last > first && lines[last - 1] === "") last--;
  return lines.slice(first, last).join("\n");
}

const normalizeText = (value: string) => value.normalize("NFC").trim();
const omitEmpty = (value: string | undefined) => {
  const normalized = value === undefined ? undefined : normalizeText(value);
  return normalized === "" ? undefined : normalized;
};

/**
 * Applies protocol v1, step 2: every string NFC, the body's line rules, every other string
 * trimmed, empty optional fields omitted. Author entries are kept even when empty, so that the
 * schema check afterwards rejects them rather than silently dropping a name.
 */
export function normalizeArticle(input: ArticleInput): Record<string, unknown> {
  const authors = input.authors?.map(normalizeText);
  const article: Record<string, unknown> = {
    title: normalizeText(input.title),
    subtitle: omitEmpty(input.subtitle),
    body: normalizeBody(input.body),
    authors: authors && authors.length > 0 ? authors : undefined,
    publishedAt: normalizeText(input.publishedAt),
    language: omitEmpty(input.language),
    url: omitEmpty(input.url),
  };
  for (const key of Object.keys(article)) if (article[key] === undefined) delete article[key];
  return article;
}

export type ArticleParseResult =
  | { success: true; article: NormalizedArticle }
  | { success: false; issues: z.core.$ZodIssue[] };

/** Validates raw input, normalizes it and validates the result. Never throws on bad input. */
export function parseArticle(input: unknown): ArticleParseResult {
  const raw = articleInputSchema.safeParse(input);
  if (!raw.success) return { success: false, issues: raw.error.issues };
  const normalized = normalizedArticleSchema.safeParse(normalizeArticle(raw.data));
  if (!normalized.success) return { success: false, issues: normalized.error.issues };
  return { success: true, article: normalized.data };
}
