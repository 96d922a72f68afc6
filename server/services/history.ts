import type { ArticleHistory, ContentHash, HistoryEntry, NormalizedArticle } from "../../protocol";
import { NotFoundError } from "../errors";
import type { ArticleStore } from "../store/articles";
import type { ChainIndex } from "../store/chainIndex";
import type { VersionDiffStore } from "../store/versionDiffs";
import type { VersionDiff } from "../text/versionDiff";
import type { PreparationPool } from "../workers/pool";
import { contentHashOf } from "./articleIdentifier";
import type { ProvenanceService } from "./provenance";

/** The text a reader compares between versions: headline, standfirst and body. */
const readableText = (article: NormalizedArticle) => [article.title, article.subtitle, article.body].filter(Boolean).join("\n\n");

export interface HistoryDeps {
  chainIndex: ChainIndex;
  articles: ArticleStore;
  provenance: ProvenanceService;
  diffs: VersionDiffStore;
  /** Computes the diffs, on a worker thread. */
  preparation: Pick<PreparationPool, "diffVersions">;
}

type DiffFields = Pick<HistoryEntry, "diff" | "diffBy">;
const NO_DIFF: DiffFields = { diff: null, diffBy: null };

/** Every version of an article, oldest first, each with what changed since the one before. */
export class HistoryService {
  /** Diffs being computed, by version pair: requests that arrive meanwhile wait for the same one. */
  private readonly computing = new Map<string, Promise<VersionDiff | undefined>>();

  constructor(private readonly deps: HistoryDeps) {}

  async history(identifier: string): Promise<ArticleHistory> {
    const { chainIndex, provenance } = this.deps;
    const contentHash = await contentHashOf(identifier);
    const hashes = chainIndex.versions(contentHash);
    if (hashes.length === 0) throw new NotFoundError({ code: "article_not_anchored", message: "this article was never anchored" });
    const versions = await Promise.all(
      hashes.map(async (hash, i): Promise<HistoryEntry> => {
        const diff = i === 0 ? undefined : await this.diffOf(hashes[i - 1]!, hash);
        return { ...(await provenance.describe(hash)), ...(diff ? { diff: diff.parts, diffBy: diff.by } : NO_DIFF) };
      }),
    );
    return { latest: versions.at(-1)!.cid, versions };
  }

  /** The stored diff of a pair, or computed now and stored; undefined when this service lacks either text. */
  private diffOf(before: ContentHash, after: ContentHash): Promise<VersionDiff | undefined> {
    const stored = this.deps.diffs.get(before, after);
    if (stored) return Promise.resolve(stored);
    const key = `${before}:${after}`;
    let pending = this.computing.get(key);
    if (!pending) {
      pending = this.compute(before, after).finally(() => this.computing.delete(key));
      this.computing.set(key, pending);
    }
    return pending;
  }

  private async compute(before: ContentHash, after: ContentHash): Promise<VersionDiff | undefined> {
    const { articles, diffs, preparation } = this.deps;
    const [a, b] = [articles.get(before), articles.get(after)];
    if (!a || !b) return undefined;
    const diff = await preparation.diffVersions(readableText(a.article), readableText(b.article));
    diffs.save(before, after, diff);
    return diff;
  }
}
