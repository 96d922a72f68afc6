import fs from "node:fs";
import path from "node:path";
import {
  DuplicateKeyError,
  MarkdownArticleError,
  identifyArticle,
  parseArticle,
  parseJsonStrict,
  parseMarkdownArticle,
  type ArticleId,
  type NormalizedArticle,
} from "../protocol";
import { ArticleFileError } from "./errors";

/** An article read from a file: normalized, validated and identified, all offline. */
export interface ArticleFile extends ArticleId {
  file: string;
  article: NormalizedArticle;
}

/** The article files the CLI reads: protocol JSON, or Markdown with YAML front matter. */
export const ARTICLE_EXTENSIONS = [".json", ".md"] as const;

const isArticleFile = (file: string) => (ARTICLE_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());

/** Reads one article file. The same article as JSON or as Markdown gives the same CID. */
export async function readArticleFile(file: string): Promise<ArticleFile> {
  if (!isArticleFile(file)) throw new ArticleFileError({ file, message: `expected a ${ARTICLE_EXTENSIONS.join(" or ")} article file` });
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ArticleFileError({ file, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`, cause: error });
  }
  const parsed = parseArticle(parseText(file, text));
  if (!parsed.success) {
    const issues = parsed.issues.map((issue) => `${issue.path.join(".") || "article"}: ${issue.message} (${issue.rule})`);
    throw new ArticleFileError({ file, message: `not a valid article: ${issues.join("; ")}` });
  }
  return { file, article: parsed.article, ...(await identifyArticle(parsed.article)) };
}

function parseText(file: string, text: string): unknown {
  try {
    return path.extname(file).toLowerCase() === ".md" ? parseMarkdownArticle(text) : parseJsonStrict(text);
  } catch (error) {
    const reason =
      error instanceof MarkdownArticleError
        ? error.message
        : error instanceof DuplicateKeyError
          ? `not a valid article: ${error.message} (duplicate_key)`
          : `not valid JSON: ${(error as Error).message}`;
    throw new ArticleFileError({ file, message: reason, cause: error });
  }
}

/** The article files directly inside a directory, sorted by name so that every run goes in one order. */
export function listArticleFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && isArticleFile(entry.name))
    .map((entry) => path.join(dir, entry.name))
    .sort();
}

export function isDirectory(target: string): boolean {
  return fs.statSync(target, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
