import { InvalidRequestError } from "../errors";
import { identifyArticle, parseArticle, type ArticleId, type NormalizedArticle } from "../../protocol";

export interface IdentifiedArticle extends ArticleId {
  article: NormalizedArticle;
}

/** Normalizes and identifies a submitted article, or throws a 400 listing what is wrong with it. */
export async function readArticle(input: unknown): Promise<IdentifiedArticle> {
  const parsed = parseArticle(input);
  if (!parsed.success) {
    throw new InvalidRequestError({
      message: "the article is not a valid protocol v1 article",
      details: { issues: parsed.issues.map(({ path, message, rule }) => ({ path: ["article", ...path], message, rule })) },
    });
  }
  return { article: parsed.article, ...(await identifyArticle(parsed.article)) };
}
