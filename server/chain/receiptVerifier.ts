import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { verifyMessage, type Provider } from "ethers";
import { ArticleRegistry__factory } from "../../typechain-types";
import {
  BATCH_LEAF_ENCODING,
  canonicalJson,
  cidOfContentHash,
  identifyArticle,
  parseArticle,
  pendingReceiptClaim,
  protocolDomain,
  receiptSchema,
  recoverPublicationSigner,
  type CompleteReceipt,
  type PendingReceipt,
  type Receipt,
} from "../protocol";

export interface ReceiptCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ReceiptVerdict {
  /** True only when every check passed and the receipt is complete. */
  valid: boolean;
  status: Receipt["status"] | "malformed";
  checks: ReceiptCheck[];
}

/**
 * Checks a receipt with nothing but a JSON-RPC endpoint: no service, no database. Every claim is
 * either recomputed (CID, signer, Merkle proof) or read from the chain (the publisher's state at
 * the anchoring block, by a historical eth_call; the record or the batch root; the transaction).
 */
export async function verifyReceipt(json: unknown, provider: Provider, article?: unknown): Promise<ReceiptVerdict> {
  const parsed = receiptSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    return { valid: false, status: "malformed", checks: [{ name: "format", ok: false, detail }] };
  }
  const receipt = parsed.data as Receipt;
  const checks: ReceiptCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const { chainId } = await provider.getNetwork();
  check("chain", chainId === BigInt(receipt.chainId), `the endpoint serves chain ${chainId}, the receipt names ${receipt.chainId}`);
  const cid = await cidOfContentHash(receipt.contentHash);
  check("cid", cid === receipt.cid, `the content hash names ${cid}`);
  if (article !== undefined) {
    const normalized = parseArticle(article);
    const actual = normalized.success ? (await identifyArticle(normalized.article)).cid : "an invalid article";
    check("article", actual === receipt.cid, `the article's CID is ${actual}`);
  }
  const domain = protocolDomain(BigInt(receipt.chainId), receipt.registry);
  const signer = recoverPublicationSigner(domain, { contentHash: receipt.contentHash, previous: receipt.previous }, receipt.signature);
  check("signature", signer === receipt.publisher, `the publication signature recovers to ${signer ?? "nobody"}`);

  if (receipt.status === "pending") await checkPending(receipt, provider, check);
  else await checkAnchor(receipt, provider, check);
  return { valid: receipt.status === "complete" && checks.every((c) => c.ok), status: receipt.status, checks };
}

type Check = (name: string, ok: boolean, detail: string) => void;

async function checkPending(receipt: PendingReceipt, provider: Provider, check: Check): Promise<void> {
  const relayer = verifyMessage(await canonicalJson(pendingReceiptClaim(receipt)), receipt.relayerSignature);
  check("relayer signature", relayer === receipt.relayer, `the promise is signed by ${relayer}`);
  const registry = ArticleRegistry__factory.connect(receipt.registry, provider);
  const isRelayer = await registry.hasRole(await registry.RELAYER_ROLE(), relayer);
  check("relayer role", isRelayer, isRelayer ? `${relayer} is a relayer of the registry` : `${relayer} holds no relayer role`);
  check("anchored", false, "pending: the relayer promised to anchor it; fetch the receipt again once the batch lands");
}

async function checkAnchor(receipt: CompleteReceipt, provider: Provider, check: Check): Promise<void> {
  const { anchor } = receipt;
  const registry = ArticleRegistry__factory.connect(receipt.registry, provider);
  const atBlock = { blockTag: anchor.blockNumber };

  const publisherId = await registry.publisherIdOf(receipt.publisher, atBlock);
  const publisher = publisherId === 0n ? undefined : await registry.getPublisher(publisherId, atBlock);
  const active = publisher !== undefined && publisher.key === receipt.publisher && publisher.revokedAt === 0n;
  check(
    "publisher",
    active,
    publisher
      ? `${publisher.name} (${publisher.domain}) ${active ? "was active" : "was not active with this key"} at block ${anchor.blockNumber}`
      : `no publisher had this key at block ${anchor.blockNumber}`,
  );

  if (anchor.kind === "direct") {
    const record = await registry.getRecord(receipt.contentHash);
    const ok = record.signer === receipt.publisher && Number(record.blockNumber) === anchor.blockNumber;
    check("record", ok, `the registry records signer ${record.signer} at block ${record.blockNumber}`);
  } else {
    const leaf = [receipt.contentHash, receipt.publisher, receipt.previous, receipt.signature];
    check("proof", StandardMerkleTree.verify(anchor.root, [...BATCH_LEAF_ENCODING], leaf, anchor.proof), `the proof leads to ${anchor.root}`);
    const batch = await registry.getBatch(anchor.root);
    check("root", Number(batch.blockNumber) === anchor.blockNumber, `the registry records the root at block ${batch.blockNumber}`);
    const included = await registry.isBatchLeaf(anchor.root, anchor.proof, receipt.contentHash, receipt.publisher, receipt.previous, receipt.signature);
    check("inclusion", included, included ? "the registry accepts the proof" : "the registry rejects the proof");
  }

  const [tx, block] = await Promise.all([provider.getTransactionReceipt(anchor.txHash), provider.getBlock(anchor.blockNumber)]);
  check("transaction", tx?.status === 1 && tx.blockNumber === anchor.blockNumber, `transaction ${anchor.txHash} is in block ${tx?.blockNumber ?? "none"}`);
  check("timestamp", block?.timestamp === anchor.blockTimestamp, `block ${anchor.blockNumber} has timestamp ${block?.timestamp ?? "none"}`);
}
