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
import type { RegistryReader } from "../chain/registryReader";
import { NotFoundError, ReadOnlyError } from "../errors";
import type { ArticleStore } from "../store/articles";
import type { BatchStore } from "../store/batches";
import type { ChainIndex } from "../store/chainIndex";
import { contentHashOf } from "./articleIdentifier";
import type { BatchQueue } from "./batchQueue";

/** Issues receipts: the relayer's signed promise while a publication waits, the full proof once anchored. */
export class ReceiptService {
  constructor(
    private readonly deps: {
      chain: RegistryReader;
      /** Signs pending receipts; a read replica has none, and nothing pending. */
      relayer: MessageSigner | undefined;
      chainIndex: ChainIndex;
      articles: ArticleStore;
      batches: BatchStore;
      queue: BatchQueue | undefined;
    },
  ) {}

  async pending(leaf: BatchLeaf): Promise<PendingReceipt> {
    if (!this.deps.relayer) throw new ReadOnlyError();
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
    // The article's own record holds its signature; an index rebuilt from the chain (or a read
    // replica) reads it from the transaction that anchored it.
    const signature = articles.get(contentHash)?.signature ?? (await this.deps.chain.anchorSignature(anchor.txHash, contentHash));
    if (!signature) throw new NotFoundError({ message: "the transaction that anchored this article holds no signature this service can read" });
    const leaf = { contentHash, publisher: anchor.signer, previous: anchor.previous ?? NO_PREVIOUS, signature };
    return { ...(await this.core(leaf)), status: "complete", anchor: { kind: "direct", ...inBlock } };
  }

  private async core(leaf: BatchLeaf): Promise<ReceiptCore> {
    return receiptCore(leaf, this.where());
  }

  private where(): ReceiptPlace {
    return { chainId: Number(this.deps.chain.chainId), registry: this.deps.chain.address };
  }
}
