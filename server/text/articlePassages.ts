import type { NormalizedArticle, Passage } from "../../protocol";

/** A line break followed by one or more blank lines (empty, or only whitespace). */
const BLANK_LINES = /\n(?:[^\S\n]*\n)+/;

/** The title, the subtitle if any, then the body's paragraphs (split on blank lines), trimmed. */
export function articlePassages(article: NormalizedArticle): Passage[] {
  const paragraphs = article.body.split(BLANK_LINES).map((text, index) => ({ kind: "paragraph" as const, index, text: text.trim() }));
  return [
    { kind: "title", index: 0, text: article.title },
    ...(article.subtitle === undefined ? [] : [{ kind: "subtitle" as const, index: 0, text: article.subtitle }]),
    ...paragraphs,
  ];
}
