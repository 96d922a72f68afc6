import {
  NO_PREVIOUS,
  signPendingReceipt,
  type ContentHash,
  type Hex,
  type MessageSigner,
  type NormalizedArticle,
  type PendingReceipt,
  type ProtocolDomain,
  type ReceiptPlace,
  type SignatureHex,
} from "../../protocol";
import { PublicationSigner } from "../crypto/publicationSigner";
import { ServiceError, type ErrorCode } from "../errors";
import { readArticle } from "../services/articleInput";
import { contentHashOf } from "../services/articleIdentifier";
import { quotableChunks, type PassageChunk } from "../text/passageChunks";

/** What a publish request brings to its preparation. */
export interface PreparationItem {
  article: unknown;
  signature: SignatureHex;
  previous?: string | undefined;
}

/** Several items at once: one message to a worker thread and back, whatever their number. */
export interface PreparationTask {
  domain: ProtocolDomain;
  items: PreparationItem[];
  /** Sign each publication's pending receipt too (batch mode, `?wait=false`): the costliest step left on the event loop otherwise. */
  pendingReceipts: boolean;
}

/** A publication's pure, CPU-bound part: everything that needs neither the database nor the chain. */
export interface PreparedPublication {
  article: NormalizedArticle;
  cid: string;
  contentHash: ContentHash;
  previous: ContentHash;
  /** The key that signed it, or undefined when the signature is not a key's ECDSA signature. */
  recovered: Hex | undefined;
  /** Its passages for the quote index, normalized and in chunks. */
  passages: PassageChunk[];
  /** The relayer's pending receipt for it as signed by `recovered`, when asked for. */
  receipt?: PendingReceipt;
}

/** What crosses back from a worker thread: a ServiceError's fields, since its class cannot. */
export type PreparationResult =
  | { ok: true; prepared: PreparedPublication }
  | { ok: false; error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };

const signers = new Map<string, PublicationSigner>();
const signerFor = (domain: ProtocolDomain) => {
  const key = `${domain.chainId}:${domain.verifyingContract}`;
  let signer = signers.get(key);
  if (!signer) signers.set(key, (signer = new PublicationSigner(domain)));
  return signer;
};

/**
 * For each item: normalizes and identifies the article, reads `previous`, recovers the signer and,
 * when asked, signs the relayer's pending receipt for it. Runs in a worker thread
 * (server/workers/pool.ts), so it answers with data, never a thrown ServiceError.
 */
export async function preparePublications(task: PreparationTask, relayer: MessageSigner | undefined): Promise<PreparationResult[]> {
  if (task.pendingReceipts && !relayer) throw new Error("pending receipts asked of a pool with no relayer key");
  const signer = signerFor(task.domain);
  const place = { chainId: Number(task.domain.chainId), registry: task.domain.verifyingContract as Hex };
  const receiptSigner = task.pendingReceipts && relayer ? { place, relayer } : undefined;
  return Promise.all(task.items.map((item) => prepareOne(signer, item, receiptSigner)));
}

async function prepareOne(
  signer: PublicationSigner,
  item: PreparationItem,
  receipts: { place: ReceiptPlace; relayer: MessageSigner } | undefined,
): Promise<PreparationResult> {
  try {
    const { article, cid, contentHash } = await readArticle(item.article);
    const previous = item.previous ? await contentHashOf(item.previous) : NO_PREVIOUS;
    const recovered = signer.recover({ contentHash, previous }, item.signature);
    const prepared: PreparedPublication = { article, cid, contentHash, previous, recovered, passages: quotableChunks(article) };
    if (receipts && recovered) {
      const leaf = { contentHash, previous, publisher: recovered, signature: item.signature };
      prepared.receipt = await signPendingReceipt(leaf, receipts.place, receipts.relayer);
    }
    return { ok: true, prepared };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return { ok: false, error: { code: error.code, message: error.message, ...(error.details && { details: error.details }) } };
  }
}
