import type { StoredArticleAnswer } from "../../protocol";
import { NotFoundError } from "../errors";
import type { ArticleStore } from "../store/articles";
import { contentHashOf } from "./articleIdentifier";
import type { ProvenanceService } from "./provenance";

/** The article texts this service holds (the chain holds only their hashes), each with its provenance. */
export class ArticleService {
  constructor(private readonly deps: { articles: ArticleStore; provenance: ProvenanceService }) {}

  async get(identifier: string): Promise<StoredArticleAnswer> {
    const contentHash = await contentHashOf(identifier);
    const stored = this.deps.articles.get(contentHash);
    if (!stored) throw new NotFoundError({ message: "this service holds no article with that CID" });
    return { article: stored.article, signature: stored.signature, provenance: await this.deps.provenance.describe(contentHash) };
  }
}
