import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { verifyMessage } from "ethers";
import { parseArticle } from "./article";
import { BATCH_LEAF_ENCODING, batchLeafValues } from "./batch";
import { canonicalJson, cidOfContentHash, identifyArticle } from "./contentId";
import { NO_PREVIOUS, protocolDomain, recoverPublicationSigner } from "./eip712";
import { parseReceipt, pendingReceiptClaim, RECEIPT_FORMAT_V1, type Receipt } from "./receipt";

/** The checks a verifier makes without the chain, by the names docs/protocol.md gives them. */
export type OfflineCheckName = "format" | "cid" | "article" | "signature" | "first version" | "proof" | "relayer signature";

export interface ReceiptCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface OfflineReceiptVerdict {
  /** The receipt as read, when it has the format's schema; no other check runs without it. */
  receipt: Receipt | undefined;
  checks: ReceiptCheck[];
}

const recovered = (signer: string | undefined) => signer ?? "nobody";

function verifyRelayerMessage(text: string, signature: string): string | undefined {
  try {
    return verifyMessage(text, signature);
  } catch {
    return undefined;
  }
}

/**
 * Every check of a receipt that needs no chain (docs/protocol.md, "Checking a receipt"): the
 * format's strict schema; the CID is the content hash's (and the article's, when one is given);
 * the publication signature recovers to `publisher` under the receipt's domain; a batch receipt's
 * proof leads from its leaf to `root`; a pending receipt is signed by its relayer. What the chain
 * alone can confirm (the publisher's state at the block, the record or root, the transaction and
 * its event, the relayer's role) is left to the caller.
 */
export async function checkReceiptOffline(json: unknown, article?: unknown): Promise<OfflineReceiptVerdict> {
  const parsed = parseReceipt(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join(".") || "receipt"}: ${issue.message}`).join("; ");
    return { receipt: undefined, checks: [{ name: "format", ok: false, detail }] };
  }
  const receipt = parsed.data as Receipt;
  const legacy = receipt.format === RECEIPT_FORMAT_V1 ? ": its leafIndex is not read (v2 drops it: no proof checks it)" : "";
  const checks: ReceiptCheck[] = [{ name: "format", ok: true, detail: `a ${receipt.status} ${receipt.format} receipt${legacy}` }];
  const check = (name: OfflineCheckName, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const cid = await cidOfContentHash(receipt.contentHash);
  check("cid", cid === receipt.cid, `the content hash names ${cid}`);
  if (article !== undefined) {
    const normalized = parseArticle(article);
    const actual = normalized.success ? (await identifyArticle(normalized.article)).cid : "an invalid article";
    check("article", actual === receipt.cid, `the article's CID is ${actual}`);
  }
  const domain = protocolDomain(BigInt(receipt.chainId), receipt.registry);
  const publication = { contentHash: receipt.contentHash, previous: receipt.previous };
  const signer = recoverPublicationSigner(domain, publication, receipt.signature);
  check("signature", signer === receipt.publisher, `the publication signature recovers to ${recovered(signer)}`);

  if (receipt.status === "pending") {
    const relayer = verifyRelayerMessage(await canonicalJson(pendingReceiptClaim(receipt)), receipt.relayerSignature);
    check("relayer signature", relayer === receipt.relayer, `the promise is signed by ${recovered(relayer)}`);
  } else if (receipt.anchor.kind === "batch") {
    // A batch leaf is a first version: a correction anchored in a batch would skip the registry's one-history check.
    check("first version", receipt.previous === NO_PREVIOUS, receipt.previous === NO_PREVIOUS ? "a batch leaf of a first version" : `a batch leaf that corrects ${receipt.previous}: it proves nothing`);
    const { root, proof } = receipt.anchor;
    const leaf = batchLeafValues({ ...publication, publisher: receipt.publisher, signature: receipt.signature });
    check("proof", StandardMerkleTree.verify(root, [...BATCH_LEAF_ENCODING], leaf, proof), `the proof leads to ${root}`);
  }
  return { receipt, checks };
}
