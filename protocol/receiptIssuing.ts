import type { BatchLeaf } from "./batch";
import { canonicalJson, cidOfContentHash } from "./contentId";
import { RECEIPT_FORMAT, type PendingReceipt, type ReceiptCore } from "./receipt";
import type { Hex, SignatureHex } from "./types";

/** Signs EIP-191 personal messages, as an ethers Signer's signMessage does. */
export interface MessageSigner {
  address(): Promise<Hex>;
  signMessage(text: string): Promise<SignatureHex>;
}

/** The chain and registry a receipt is about. */
export interface ReceiptPlace {
  chainId: number;
  registry: Hex;
}

/** What every receipt of a publication states (docs/protocol.md, "Receipts"). */
export async function receiptCore(leaf: BatchLeaf, { chainId, registry }: ReceiptPlace): Promise<ReceiptCore> {
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
 * A relayer's signed promise to anchor a publication: the EIP-191 signature of the RFC 8785 text
 * of the receipt without `relayerSignature`.
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
