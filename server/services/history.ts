import type { ArticleHistory, ContentHash, HistoryEntry, NormalizedArticle, Provenance } from "../../protocol";
import { NotFoundError } from "../errors";
import type { ArticleStore } from "../store/articles";
import type { ChainIndex } from "../store/chainIndex";
import type { StoredDiff, VersionDiffStore } from "../store/versionDiffs";
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

/**
 * A history entry as JSON bytes: the record and `diffBy` serialized here, the diff's parts as
 * stored. The largest versions' diff is megabytes, which parsing and serializing again for every
 * request would cost the event loop tens of milliseconds each time.
 */
function entryJson(record: Provenance, diff: StoredDiff | undefined): Buffer[] {
  const fields: Omit<HistoryEntry, "diff"> = { ...record, diffBy: diff?.by ?? null };
  return [Buffer.from(`${JSON.stringify(fields).slice(0, -1)},"diff":`), diff?.json ?? Buffer.from("null"), Buffer.from("}")];
}

/** Every version of an article, oldest first, each with what changed since the one before. */
export class HistoryService {
  /** Diffs being computed, by version pair: requests that arrive meanwhile wait for the same one. */
  private readonly computing = new Map<string, Promise<StoredDiff | undefined>>();

  constructor(private readonly deps: HistoryDeps) {}

  /** The ArticleHistory answer, as the pieces of its JSON (entryJson), to be sent one after the other. */
  async history(identifier: string): Promise<Buffer[]> {
    const { chainIndex, provenance } = this.deps;
    const contentHash = await contentHashOf(identifier);
    const hashes = chainIndex.versions(contentHash);
    if (hashes.length === 0) throw new NotFoundError({ code: "article_not_anchored", message: "this article was never anchored" });
    const versions = await Promise.all(
      hashes.map(async (hash, i) => ({ record: await provenance.describe(hash), diff: i === 0 ? undefined : await this.diffOf(hashes[i - 1]!, hash) })),
    );
    const latest: ArticleHistory["latest"] = versions.at(-1)!.record.cid;
    const entries = versions.flatMap(({ record, diff }, i) => [...(i === 0 ? [] : [Buffer.from(",")]), ...entryJson(record, diff)]);
    return [Buffer.from(`{"latest":${JSON.stringify(latest)},"versions":[`), ...entries, Buffer.from("]}")];
  }

  /** The stored diff of a pair, or computed now and stored; undefined when this service lacks either text. */
  private diffOf(before: ContentHash, after: ContentHash): Promise<StoredDiff | undefined> {
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

  private async compute(before: ContentHash, after: ContentHash): Promise<StoredDiff | undefined> {
    const { articles, diffs, preparation } = this.deps;
    const [a, b] = [articles.get(before), articles.get(after)];
    if (!a || !b) return undefined;
    return diffs.save(before, after, await preparation.diffVersions(readableText(a.article), readableText(b.article)));
  }
}
