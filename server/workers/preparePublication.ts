import { PublicationSigner } from "../crypto/publicationSigner";
import { ServiceError } from "../errors";
import { NO_PREVIOUS, type ContentHash, type Hex, type NormalizedArticle, type ProtocolDomain, type SignatureHex } from "../protocol";
import { readArticle } from "../services/articleInput";
import { parseArticleIdentifier } from "../services/provenance";
import { quotablePassages, type Passage } from "../text/articlePassages";

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
}

/** A publication's pure, CPU-bound part: everything that needs neither the database nor the chain. */
export interface PreparedPublication {
  article: NormalizedArticle;
  cid: string;
  contentHash: ContentHash;
  previous: ContentHash;
  /** The key that signed it, or undefined when the signature is not a key's ECDSA signature. */
  recovered: Hex | undefined;
  /** Its passages for the quote index. */
  passages: Passage[];
}

/** What crosses back from a worker thread: a ServiceError's fields, since its class cannot. */
export type PreparationResult = { ok: true; prepared: PreparedPublication } | { ok: false; error: ConstructorParameters<typeof ServiceError>[0] };

const signers = new Map<string, PublicationSigner>();
const signerFor = (domain: ProtocolDomain) => {
  const key = `${domain.chainId}:${domain.verifyingContract}`;
  let signer = signers.get(key);
  if (!signer) signers.set(key, (signer = new PublicationSigner(domain)));
  return signer;
};

/**
 * For each item: normalizes and identifies the article, reads `previous` and recovers the signer.
 * Runs in a worker thread (server/workers/pool.ts), so it answers with data, never a thrown ServiceError.
 */
export async function preparePublications({ domain, items }: PreparationTask): Promise<PreparationResult[]> {
  const signer = signerFor(domain);
  return Promise.all(items.map((item) => prepareOne(signer, item)));
}

async function prepareOne(signer: PublicationSigner, item: PreparationItem): Promise<PreparationResult> {
  try {
    const { article, cid, contentHash } = await readArticle(item.article);
    const previous = item.previous ? await parseArticleIdentifier(item.previous) : NO_PREVIOUS;
    const recovered = signer.recover({ contentHash, previous }, item.signature);
    return { ok: true, prepared: { article, cid, contentHash, previous, recovered, passages: quotablePassages(article) } };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return { ok: false, error: { code: error.code, status: error.status, message: error.message, ...(error.details && { details: error.details }) } };
  }
}
