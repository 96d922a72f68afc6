import { z } from "zod";
import type { ArticleIssue, ArticleRule } from "./articleRules";
import { isPublishedAt } from "./dateTime";
import { DuplicateKeyError, parseJsonStrict } from "./duplicateKeys";
import { codePointName, firstUnassignedCodePoint } from "./unicode";

/**
 * Limits on an article's fields, in UTF-16 code units as JavaScript counts string length (an
 * astral character counts 2). They bound the work one request can cause.
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

type TextMember = "title" | "subtitle" | "body" | "publishedAt" | "language" | "url";
const TEXT_MEMBERS: readonly TextMember[] = ["title", "subtitle", "body", "publishedAt", "language", "url"];
const REQUIRED: readonly string[] = ["title", "body", "publishedAt"];
const MEMBERS: readonly string[] = [...TEXT_MEMBERS, "authors"];

const LIMIT_RULES: Record<TextMember | "author", ArticleRule> = {
  title: "title_limit",
  subtitle: "subtitle_limit",
  body: "body_limit",
  author: "author_limit",
  publishedAt: "published_at_limit",
  language: "language_limit",
  url: "url_limit",
};

const issue = (path: ArticleIssue["path"], rule: ArticleRule, message: string): ArticleIssue => ({ path, rule, message });

/**
 * The limit check of one string, in UTF-16 code units. Not zod's `max`, which counts code points:
 * it took 501 emoji (1,002 units) for a title of at most 1,000.
 */
function limitIssue(path: ArticleIssue["path"], member: TextMember | "author", value: string): ArticleIssue[] {
  const limit = ARTICLE_LIMITS[member];
  if (value.length <= limit) return [];
  return [issue(path, LIMIT_RULES[member], `must be at most ${limit} UTF-16 code units, has ${value.length}`)];
}

/** Step 1 for one string as submitted: well-formed, assigned code points only, within its limit. */
function textIssues(path: ArticleIssue["path"], member: TextMember | "author", value: string): ArticleIssue[] {
  const issues = limitIssue(path, member, value);
  if (!value.isWellFormed()) return [issue(path, "lone_surrogate", "contains a lone surrogate"), ...issues];
  const unassigned = firstUnassignedCodePoint(value);
  if (unassigned !== undefined) {
    issues.unshift(issue(path, "unassigned_code_point", `contains ${codePointName(unassigned)}, unassigned in the Unicode version of protocol v1`));
  }
  return issues;
}

const typeName = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `a ${typeof value}`;

/** Step 1 for one member: present when required, not null, of its JSON type, and its strings sound. */
function memberIssues(member: string, value: unknown): ArticleIssue[] {
  if (value === undefined) return REQUIRED.includes(member) ? [issue([member], "missing_member", "is required")] : [];
  if (value === null) return [issue([member], "null_member", "must be absent or a value, not null")];
  if (member !== "authors") {
    if (typeof value !== "string") return [issue([member], "member_type", `must be a string, not ${typeName(value)}`)];
    return textIssues([member], member as TextMember, value);
  }
  if (!Array.isArray(value)) return [issue([member], "member_type", `must be an array of strings, not ${typeName(value)}`)];
  const issues =
    value.length > ARTICLE_LIMITS.authors
      ? [issue([member], "authors_limit", `must have at most ${ARTICLE_LIMITS.authors} entries, has ${value.length}`)]
      : [];
  value.forEach((author: unknown, i) => {
    if (typeof author !== "string") issues.push(issue([member, i], "member_type", `must be a string, not ${typeName(author)}`));
    else issues.push(...textIssues([member, i], "author", author));
  });
  return issues;
}

/** Protocol v1, step 1: what an article as submitted must be, before it is normalized. */
export function articleInputIssues(input: unknown): ArticleIssue[] {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    const not = input === undefined ? "" : `, not ${typeName(input)}`;
    return [issue([], "article_type", `an article must be a JSON object${not}`)];
  }
  const unknown = Object.keys(input)
    .filter((key) => !MEMBERS.includes(key))
    .map((key) => issue([key], "unknown_member", `is not a member of a protocol v1 article`));
  return [...unknown, ...MEMBERS.flatMap((member) => memberIssues(member, (input as Record<string, unknown>)[member]))];
}

/** An article as a newsroom submits it (protocol v1, step 1), for the API's documentation and types. */
const articleShape = z
  .strictObject({
    title: z.string().meta({ description: `At most ${ARTICLE_LIMITS.title} UTF-16 code units` }),
    subtitle: z.string().optional().meta({ description: `At most ${ARTICLE_LIMITS.subtitle} UTF-16 code units` }),
    body: z.string().meta({ description: `At most ${ARTICLE_LIMITS.body} UTF-16 code units` }),
    authors: z
      .array(z.string())
      .optional()
      .meta({ description: `At most ${ARTICLE_LIMITS.authors} entries of at most ${ARTICLE_LIMITS.author} UTF-16 code units` }),
    publishedAt: z.string().meta({ description: "RFC 3339 date-time with offset, e.g. 2024-06-12T07:00:00Z" }),
    language: z.string().optional().meta({ description: "BCP 47 language tag, e.g. fr or fr-FR" }),
    url: z.string().optional().meta({ description: `Absolute URL, at most ${ARTICLE_LIMITS.url} UTF-16 code units` }),
  })
  .meta({
    id: "ArticleInput",
    description:
      "A protocol v1 article (docs/protocol.md). Limits count UTF-16 code units, as JavaScript's String length does, " +
      "before and after normalization; JSON Schema's maxLength would count code points, so none is stated.",
  });
export type ArticleInput = z.infer<typeof articleShape>;

/**
 * Reads an article inside a request: the checks of step 1, each issue naming its rule in
 * `params.rule`, then the shape, which can no longer fail. Documented as the shape.
 */
export const articleInputSchema = z.preprocess((input, ctx) => {
  for (const { path, rule, message } of articleInputIssues(input)) ctx.issues.push({ code: "custom", path, message, input, params: { rule } });
  return input;
}, articleShape);

/** The normalized article: what is canonicalized and hashed. Documents the API's stored articles. */
export const normalizedArticleSchema = z.strictObject({
  title: z.string().min(1),
  subtitle: z.string().min(1).optional(),
  body: z.string().min(1),
  authors: z.array(z.string().min(1)).min(1).optional(),
  publishedAt: z.string(),
  language: z.string().optional(),
  url: z.string().optional(),
});
export type NormalizedArticle = z.infer<typeof normalizedArticleSchema>;

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
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Step 2's checks on the normalized article. The limits apply again because NFC can lengthen a
 * string (U+0958 becomes two code units): without them, an article we accepted could be refused
 * when submitted again in its normalized form.
 */
function normalizedIssues(article: NormalizedArticle): ArticleIssue[] {
  const issues: ArticleIssue[] = [];
  if (article.title === "") issues.push(issue(["title"], "title_empty", "must not be empty"));
  if (article.body === "") issues.push(issue(["body"], "body_empty", "must not be empty"));
  article.authors?.forEach((author, i) => {
    if (author === "") issues.push(issue(["authors", i], "author_empty", "an author must not be empty"));
    issues.push(...limitIssue(["authors", i], "author", author));
  });
  for (const member of TEXT_MEMBERS) {
    const value = article[member];
    if (value !== undefined) issues.push(...limitIssue([member], member, value));
  }
  if (!isPublishedAt(article.publishedAt)) {
    issues.push(issue(["publishedAt"], "published_at_format", "must be an RFC 3339 date-time with offset, e.g. 2024-06-12T07:00:00Z"));
  }
  if (article.language !== undefined && !isBcp47(article.language)) {
    issues.push(issue(["language"], "language_tag", "must be a BCP 47 language tag"));
  }
  if (article.url !== undefined) {
    if (CONTROL_CHARACTER.test(article.url)) issues.push(issue(["url"], "url_control_character", "must contain no control character"));
    else if (!URL.canParse(article.url)) issues.push(issue(["url"], "url_absolute", "must be an absolute URL"));
  }
  return issues;
}

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
 * check afterwards refuses them rather than silently dropping a name.
 */
export function normalizeArticle(input: ArticleInput): NormalizedArticle {
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
  return article as NormalizedArticle;
}

export type ArticleParseResult = { success: true; article: NormalizedArticle } | { success: false; issues: ArticleIssue[] };

/** Validates raw input, normalizes it and validates the result. Never throws on bad input. */
export function parseArticle(input: unknown): ArticleParseResult {
  const inputIssues = articleInputIssues(input);
  if (inputIssues.length > 0) return { success: false, issues: inputIssues };
  const article = normalizeArticle(input as ArticleInput);
  const issues = normalizedIssues(article);
  return issues.length > 0 ? { success: false, issues } : { success: true, article };
}

/**
 * parseArticle of a JSON text, refusing a repeated member name (rule `duplicate_key`). Throws a
 * SyntaxError when the text is not JSON at all.
 */
export function parseArticleJson(text: string): ArticleParseResult {
  try {
    return parseArticle(parseJsonStrict(text));
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    return { success: false, issues: [issue(error.duplicate.path, "duplicate_key", error.message)] };
  }
}
