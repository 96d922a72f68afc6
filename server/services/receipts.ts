import {
  NO_PREVIOUS,
  receiptCore,
  signPendingReceipt,
  type BatchLeaf,
  type CompleteReceipt,
  type MessageSigner,
  type PendingReceipt,
  type ReceiptCore,
  type ReceiptPlace,
} from "../../protocol";
import type { RegistryClient } from "../chain/registryClient";
import { NotFoundError } from "../errors";
import type { ArticleStore } from "../store/articles";
import type { BatchStore } from "../store/batches";
import type { ChainIndex } from "../store/chainIndex";
import { contentHashOf } from "./articleIdentifier";
import type { BatchQueue } from "./batchQueue";

/** Issues receipts: the relayer's signed promise while a publication waits, the full proof once anchored. */
export class ReceiptService {
  constructor(
    private readonly deps: {
      chain: RegistryClient;
      relayer: MessageSigner;
      chainIndex: ChainIndex;
      articles: ArticleStore;
      batches: BatchStore;
      queue: BatchQueue | undefined;
    },
  ) {}

  async pending(leaf: BatchLeaf): Promise<PendingReceipt> {
    return signPendingReceipt(leaf, this.where(), this.deps.relayer);
  }

  async receipt(identifier: string): Promise<PendingReceipt | CompleteReceipt> {
    const { chainIndex, articles, batches, queue } = this.deps;
    const contentHash = await contentHashOf(identifier);
    const anchor = chainIndex.anchor(contentHash);
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
        anchor: { kind: "batch", ...inBlock, root: leaf.root, proof: leaf.proof },
      };
    }
    const stored = articles.get(contentHash);
    if (!stored) throw new NotFoundError({ message: "this service does not hold the publisher's signature of that article" });
    const leaf = { contentHash, publisher: anchor.signer, previous: anchor.previous ?? NO_PREVIOUS, signature: stored.signature };
    return { ...(await this.core(leaf)), status: "complete", anchor: { kind: "direct", ...inBlock } };
  }

  private async core(leaf: BatchLeaf): Promise<ReceiptCore> {
    return receiptCore(leaf, this.where());
  }

  private where(): ReceiptPlace {
    return { chainId: Number(this.deps.chain.chainId), registry: this.deps.chain.address };
  }
}
