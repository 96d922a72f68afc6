import fs from "node:fs";
import path from "node:path";
import { identifyArticle, parseArticle, parseMarkdownArticle, type ArticleId, type ArticleInput } from "../../protocol";

/** An article from test/fixtures, as a newsroom would submit it. */
export function fixtureArticle(file: string): ArticleInput {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", file), "utf8")) as ArticleInput;
}

export const frenchArticle = () => fixtureArticle("mistral-ai-funding.fr.json");

/** The English fixture, written in Markdown with YAML front matter. */
export const englishArticle = () =>
  parseMarkdownArticle(fs.readFileSync(path.join(__dirname, "..", "fixtures", "harbour-tram-vote.en.md"), "utf8")) as ArticleInput;

/** The CID and content hash of a valid article, computed by the service's own protocol module. */
export async function idOf(article: unknown): Promise<ArticleId> {
  const parsed = parseArticle(article);
  if (!parsed.success) throw new Error(`test article is invalid: ${JSON.stringify(parsed.issues)}`);
  return identifyArticle(parsed.article);
}

/** A distinct, valid article for tests that need many. */
export function sampleArticle(n: number): ArticleInput {
  return {
    title: `Sample article ${n}`,
    body: `Paragraph one of sample ${n}.\n\nParagraph two.`,
    publishedAt: "2026-11-29T09:00:00Z",
    language: "en",
  };
}
