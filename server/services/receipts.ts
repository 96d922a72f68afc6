import type { RegistryClient } from "../chain/registryClient";
import type { MessageSigner } from "../crypto/messageSigner";
import { NotFoundError } from "../errors";
import {
  canonicalJson,
  cidOfContentHash,
  NO_PREVIOUS,
  RECEIPT_FORMAT,
  type BatchLeaf,
  type CompleteReceipt,
  type PendingReceipt,
  type ReceiptCore,
} from "../protocol";
import type { ArticleStore } from "../store/articles";
import type { BatchStore } from "../store/batches";
import type { ChainIndex } from "../store/chainIndex";
import type { BatchQueue } from "./batchQueue";
import { parseArticleIdentifier } from "./provenance";


/** Issues receipts: the relayer's signed promise while a publication waits, the full proof once anchored. */
export class ReceiptService {
  constructor(
    private readonly deps: {
      chain: RegistryClient;
      relayer: MessageSigner;
      index: ChainIndex;
      articles: ArticleStore;
      batches: BatchStore;
      queue: BatchQueue | undefined;
    },
  ) {}

  async pending(leaf: BatchLeaf): Promise<PendingReceipt> {
    const claim = {
      ...(await this.core(leaf)),
      status: "pending" as const,
      issuedAt: new Date().toISOString(),
      relayer: await this.deps.relayer.address(),
    };
    const relayerSignature = await this.deps.relayer.signMessage(await canonicalJson(claim));
    return { ...claim, relayerSignature };
  }

  async receipt(identifier: string): Promise<PendingReceipt | CompleteReceipt> {
    const { index, articles, batches, queue } = this.deps;
    const contentHash = await parseArticleIdentifier(identifier);
    const anchor = index.anchor(contentHash);
    if (!anchor) {
      const waiting = queue?.pending(contentHash);
      if (waiting) return this.pending(waiting);
      throw new NotFoundError({ code: "article_not_anchored", message: "this article is neither anchored nor waiting to be" });
    }
    const inBlock = { txHash: anchor.txHash, blockNumber: anchor.blockNumber, blockTimestamp: anchor.anchoredAt };
    if (anchor.batchRoot) {
      const leaf = batches.leaf(contentHash)!;
      return {
        ...(await this.core(leaf)),
        status: "complete",
        anchor: { kind: "batch", ...inBlock, root: leaf.root, leafIndex: leaf.leafIndex, proof: leaf.proof },
      };
    }
    const stored = articles.get(contentHash);
    if (!stored) throw new NotFoundError({ message: "this service does not hold the publisher's signature of that article" });
    const leaf = { contentHash, publisher: anchor.signer, previous: anchor.previous ?? NO_PREVIOUS, signature: stored.signature };
    return { ...(await this.core(leaf)), status: "complete", anchor: { kind: "direct", ...inBlock } };
  }

  private async core(leaf: BatchLeaf): Promise<ReceiptCore> {
    return {
      format: RECEIPT_FORMAT,
      cid: await cidOfContentHash(leaf.contentHash),
      contentHash: leaf.contentHash,
      publisher: leaf.publisher,
      signature: leaf.signature,
      previous: leaf.previous,
      chainId: Number(this.deps.chain.chainId),
      registry: this.deps.chain.address,
    };
  }
}
