/**
 * The rules of docs/protocol.md sections 1 and 2 that an article can break, by their stable names.
 * Every refusal of an article names one; the test vectors (docs/test-vectors/articles.json) and
 * the API's `details.issues[].rule` use the same names.
 */
export const ARTICLE_RULES = [
  // The JSON text and its shape.
  "article_type",
  "duplicate_key",
  "unknown_member",
  "missing_member",
  "null_member",
  "member_type",
  // Every string.
  "lone_surrogate",
  "unassigned_code_point",
  // Limits, in UTF-16 code units, before and after normalization.
  "title_limit",
  "subtitle_limit",
  "body_limit",
  "authors_limit",
  "author_limit",
  "published_at_limit",
  "language_limit",
  "url_limit",
  // The normalized values.
  "title_empty",
  "body_empty",
  "author_empty",
  "published_at_format",
  "language_tag",
  "url_control_character",
  "url_absolute",
] as const;

export type ArticleRule = (typeof ARTICLE_RULES)[number];

/** One reason an article is refused: where, which rule, and a sentence for people. */
export interface ArticleIssue {
  /** Member names and array indexes from the article down to the value, e.g. `["authors", 2]`. */
  path: (string | number)[];
  rule: ArticleRule;
  message: string;
}

export const isArticleRule = (value: unknown): value is ArticleRule => (ARTICLE_RULES as readonly unknown[]).includes(value);
