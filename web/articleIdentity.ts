// The reader's browser computes an article's CID with the service's own protocol module
// (protocol/), bundled by esbuild: one implementation of protocol v1, so the page and the
// service cannot disagree on a fingerprint. Only the CID is sent to the service, never the text.
import { parseArticle, type NormalizedArticle } from "../protocol/article";
import { DuplicateKeyError, parseJsonStrict } from "../protocol/duplicateKeys";
import { identifyArticle, type ArticleId } from "../protocol/contentId";
import { MarkdownArticleError, parseMarkdownArticle } from "../protocol/markdown";

export type Identification =
  | { valid: true; article: NormalizedArticle; id: ArticleId }
  | { valid: false; problems: string[] };

const FIELD_NAMES: Record<string, string> = {
  title: "Title",
  subtitle: "Subtitle",
  body: "Body",
  authors: "Authors",
  publishedAt: "Published at",
  language: "Language",
  url: "Link",
};

/** Normalizes and identifies an article as protocol v1 does, or says what keeps it from being one. */
export async function identify(input: unknown): Promise<Identification> {
  const parsed = parseArticle(input);
  if (!parsed.success) {
    const problems = parsed.issues.map(({ path, message }) => {
      const field = path.length === 0 ? "Article" : (FIELD_NAMES[String(path[0])] ?? String(path[0]));
      return `${field}: ${message}`;
    });
    return { valid: false, problems };
  }
  if (!globalThis.crypto?.subtle) {
    // SHA-256 in a browser is Web Crypto, which exists only in secure contexts.
    throw new Error("this browser computes fingerprints only on a secure page: open it over HTTPS (or on localhost)");
  }
  return { valid: true, article: parsed.article, id: await identifyArticle(parsed.article) };
}

export class ArticleFileError extends Error {
  override readonly name = "ArticleFileError";
}

/**
 * The article in a file, as the service would read it: a `.md` file is Markdown with YAML front
 * matter; a `.json` file is the article object, or a publish request `{ article, signature }`.
 */
export function readArticleFile(name: string, text: string): unknown {
  if (/\.(md|markdown)$/i.test(name)) {
    try {
      return parseMarkdownArticle(text);
    } catch (error) {
      if (error instanceof MarkdownArticleError) throw new ArticleFileError(error.message);
      throw error;
    }
  }
  let json: unknown;
  try {
    json = parseJsonStrict(text);
  } catch (error) {
    // The service refuses such a text too: JSON.parse would keep one of the two values, unseen.
    if (error instanceof DuplicateKeyError) throw new ArticleFileError(`${name} is not a valid article: ${error.message}`);
    throw new ArticleFileError(`${name} is neither a .md file nor valid JSON`);
  }
  const envelope = json as { article?: unknown } | null;
  return typeof envelope === "object" && envelope !== null && typeof envelope.article === "object" ? envelope.article : json;
}
