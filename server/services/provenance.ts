import { cidOfContentHash, type ContentHash, type Hex, type Provenance } from "../../protocol";
import { RegistryUnavailableError } from "../errors";
import type { ChainIndex } from "../store/chainIndex";
import { contentHashOf } from "./articleIdentifier";
import { readArticle } from "./articleInput";
import type { PublisherViews } from "./publisherViews";

const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * Answers provenance questions from the chain index, which only the registry's events feed. It
 * answers none while the registry is gone from the chain: the index would then speak for a
 * contract that no longer holds its records.
 */
export class ProvenanceService {
  constructor(
    private readonly chainIndex: ChainIndex,
    private readonly chain: { chainId: bigint; address: Hex },
    private readonly registry: { registryMissing(): string | null },
    private readonly publishers: PublisherViews,
  ) {}

  /** The provenance of the article version an identifier (CID or content hash) names. */
  async describeIdentifier(identifier: string): Promise<Provenance> {
    return this.describe(await contentHashOf(identifier));
  }

  /** The provenance of an article's content: normalized and hashed as protocol v1 says, then looked up. */
  async describeArticle(article: unknown): Promise<Provenance> {
    return this.describe((await readArticle(article)).contentHash);
  }

  async describe(contentHash: ContentHash): Promise<Provenance> {
    const missing = this.registry.registryMissing();
    if (missing) throw new RegistryUnavailableError({ message: missing });
    const anchor = this.chainIndex.anchor(contentHash);
    const base = { contentHash, chainId: Number(this.chain.chainId), registry: this.chain.address };
    if (!anchor) {
      return {
        verified: false,
        status: "unknown",
        cid: await cidOfContentHash(contentHash),
        previous: null,
        latest: null,
        retraction: null,
        publisher: null,
        publisherRevokedAt: null,
        signer: null,
        anchoredAt: null,
        anchor: null,
        blockNumber: null,
        txHash: null,
        ...base,
      };
    }
    const publisher = this.chainIndex.publisherById(anchor.publisherId);
    const retraction = this.chainIndex.retraction(contentHash);
    const latest = this.chainIndex.latestVersion(contentHash);
    const latestCid = latest === contentHash ? anchor.cid : this.chainIndex.anchor(latest)!.cid;
    return {
      verified: true,
      status: retraction ? "retracted" : latest !== contentHash ? "superseded" : "anchored",
      cid: anchor.cid,
      previous: anchor.previous,
      latest: latestCid,
      retraction: retraction
        ? { reason: retraction.reason, retractedAt: isoSeconds(retraction.retractedAt), blockNumber: retraction.blockNumber, txHash: retraction.txHash }
        : null,
      publisher: publisher ? this.publishers.view(publisher) : null,
      publisherRevokedAt: publisher?.revokedAt ? isoSeconds(publisher.revokedAt) : null,
      signer: anchor.signer,
      anchoredAt: isoSeconds(anchor.anchoredAt),
      anchor: anchor.batchRoot ? { kind: "batch", root: anchor.batchRoot } : { kind: "direct" },
      blockNumber: anchor.blockNumber,
      txHash: anchor.txHash,
      ...base,
    };
  }
}
