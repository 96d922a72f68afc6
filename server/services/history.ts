import { NotFoundError } from "../errors";
import type { CidString, NormalizedArticle } from "../protocol";
import type { ArticleStore } from "../store/articles";
import type { ChainIndex } from "../store/chainIndex";
import { wordDiff, type DiffPart } from "../text/wordDiff";
import { parseArticleIdentifier, type Provenance, type ProvenanceService } from "./provenance";

export interface HistoryEntry extends Provenance {
  /** Word-level changes from the version before; null for the first version or a text this service does not hold. */
  diff: DiffPart[] | null;
}

export interface ArticleHistory {
  latest: CidString;
  versions: HistoryEntry[];
}

/** The text a reader compares between versions: headline, standfirst and body. */
const readableText = (article: NormalizedArticle) => [article.title, article.subtitle, article.body].filter(Boolean).join("\n\n");

/** Every version of an article, oldest first, each with what changed since the one before. */
export class HistoryService {
  constructor(private readonly deps: { index: ChainIndex; articles: ArticleStore; provenance: ProvenanceService }) {}

  async history(identifier: string): Promise<ArticleHistory> {
    const { index, articles, provenance } = this.deps;
    const contentHash = await parseArticleIdentifier(identifier);
    const hashes = index.versions(contentHash);
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
