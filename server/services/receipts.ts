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
  type Hex,
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
    return signPendingReceipt(leaf, this.where(), this.deps.relayer);
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
    return receiptCore(leaf, this.where());
  }

  private where(): ReceiptPlace {
    return { chainId: Number(this.deps.chain.chainId), registry: this.deps.chain.address };
  }
}

/** The chain and registry a receipt is about. */
export interface ReceiptPlace {
  chainId: number;
  registry: Hex;
}

async function receiptCore(leaf: BatchLeaf, { chainId, registry }: ReceiptPlace): Promise<ReceiptCore> {
  return {
    format: RECEIPT_FORMAT,
    cid: await cidOfContentHash(leaf.contentHash),
    contentHash: leaf.contentHash,
    publisher: leaf.publisher,
    signature: leaf.signature,
    previous: leaf.previous,
    chainId,
    registry,
  };
}

/**
 * The relayer's signed promise to anchor a leaf (protocol: receipts). Pure: the service signs
 * these on its worker threads for bulk and `?wait=false` publications, and here for a receipt asked for later.
 */
export async function signPendingReceipt(leaf: BatchLeaf, place: ReceiptPlace, relayer: MessageSigner): Promise<PendingReceipt> {
  const claim = {
    ...(await receiptCore(leaf, place)),
    status: "pending" as const,
    issuedAt: new Date().toISOString(),
    relayer: await relayer.address(),
  };
  const relayerSignature = await relayer.signMessage(await canonicalJson(claim));
  return { ...claim, relayerSignature };
}
