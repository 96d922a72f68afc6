import { parse as parseYaml } from "yaml";

/** The front-matter keys a Markdown article may carry; the body is the text below it. */
const FRONT_MATTER_KEYS = ["title", "subtitle", "authors", "publishedAt", "language", "url"] as const;

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export class MarkdownArticleError extends Error {
  override readonly name = "MarkdownArticleError";
}

/**
 * Reads an article written as Markdown with YAML front matter into the JSON article of protocol
 * v1, so that both spellings of one article have one CID. The YAML core schema keeps dates as the
 * strings written (YAML 1.1 would turn `publishedAt` into a Date and lose its offset), and
 * unknown keys are passed through so that validation rejects them, as it would in JSON.
 */
export function parseMarkdownArticle(text: string): Record<string, unknown> {
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new MarkdownArticleError("a Markdown article starts with YAML front matter between two '---' lines");
  let frontMatter: unknown;
  try {
    frontMatter = parseYaml(match[1]!, { schema: "core" });
  } catch (error) {
    throw new MarkdownArticleError(`the front matter is not valid YAML: ${(error as Error).message}`);
  }
  if (frontMatter === null || typeof frontMatter !== "object" || Array.isArray(frontMatter)) {
    throw new MarkdownArticleError(`the front matter must be a mapping of ${FRONT_MATTER_KEYS.join(", ")}`);
  }
  // Passed through like other unknown keys, a `body` would be silently replaced by the text below.
  if (Object.hasOwn(frontMatter, "body")) {
    throw new MarkdownArticleError("the body is the text below the front matter, not a front-matter key");
  }
  return { ...(frontMatter as Record<string, unknown>), body: text.slice(match[0].length) };
}
