import type { ArticleHistory, HistoryEntry, NormalizedArticle } from "../../protocol";
import { NotFoundError } from "../errors";
import type { ArticleStore } from "../store/articles";
import type { ChainIndex } from "../store/chainIndex";
import { wordDiff } from "../text/wordDiff";
import { contentHashOf } from "./articleIdentifier";
import type { ProvenanceService } from "./provenance";

/** The text a reader compares between versions: headline, standfirst and body. */
const readableText = (article: NormalizedArticle) => [article.title, article.subtitle, article.body].filter(Boolean).join("\n\n");

/** Every version of an article, oldest first, each with what changed since the one before. */
export class HistoryService {
  constructor(private readonly deps: { chainIndex: ChainIndex; articles: ArticleStore; provenance: ProvenanceService }) {}

  async history(identifier: string): Promise<ArticleHistory> {
    const { chainIndex, articles, provenance } = this.deps;
    const contentHash = await contentHashOf(identifier);
    const hashes = chainIndex.versions(contentHash);
    if (hashes.length === 0) throw new NotFoundError({ code: "article_not_anchored", message: "this article was never anchored" });

    const texts = hashes.map((hash) => articles.get(hash)?.article);
    const versions = await Promise.all(
      hashes.map(async (hash, i): Promise<HistoryEntry> => {
        const before = i > 0 ? texts[i - 1] : undefined;
        const after = texts[i];
        return { ...(await provenance.describe(hash)), diff: before && after ? wordDiff(readableText(before), readableText(after)) : null };
      }),
    );
    return { latest: versions.at(-1)!.cid, versions };
  }
}
