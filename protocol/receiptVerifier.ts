import { Contract, type Provider, type TransactionReceipt } from "ethers";
import { cidOfContentHash } from "./contentId";
import { checkReceiptOffline, type ReceiptCheck } from "./receiptCheck";
import type { CompleteReceipt, PendingReceipt, Receipt } from "./receipt";
import { REGISTRY_ABI } from "./registryAbi";
import type { CidString, ContentHash } from "./types";


/** What the chain says of the version now, beside the receipt's validity: still its publisher's word, or not. */
export interface CurrentStatus {
  status: "anchored" | "superseded" | "retracted";
  /** The version that corrects this one (registry.successorOf), when there is one. */
  successor: { contentHash: ContentHash; cid: CidString } | null;
  /** The publisher's retraction of this version: its block, time and reason (from its event). */
  retraction: { blockNumber: number; timestamp: number; reason: string } | null;
  /** Unix seconds: when the publisher identity was revoked, if it was since. The anchor stays valid. */
  publisherRevokedAt: number | null;
}

export interface ReceiptVerdict {
  /** True only when every check passed and the receipt is complete. */
  valid: boolean;
  status: Receipt["status"] | "malformed";
  checks: ReceiptCheck[];
  /** For a valid receipt: what the chain says of the version now. */
  current?: CurrentStatus;
}

type Check = (name: string, ok: boolean, detail: string) => void;

/**
 * Checks a receipt with nothing but a JSON-RPC endpoint: no service, no database
 * (docs/protocol.md, "Checking a receipt"). Every claim is either recomputed (the offline checks:
 * CID, signer, Merkle proof) or read from the chain: the publisher's state at the anchoring block,
 * by a historical eth_call; the record or the batch root; the transaction and the event it emitted.
 */
export async function verifyReceipt(json: unknown, provider: Provider, article?: unknown): Promise<ReceiptVerdict> {
  const { receipt, checks } = await checkReceiptOffline(json, article);
  if (!receipt) return { valid: false, status: "malformed", checks };
  const check: Check = (name, ok, detail) => checks.push({ name, ok, detail });

  const { chainId } = await provider.getNetwork();
  check("chain", chainId === BigInt(receipt.chainId), `the endpoint serves chain ${chainId}, the receipt names ${receipt.chainId}`);
  const registry = new Contract(receipt.registry, REGISTRY_ABI, provider);
  if (receipt.status === "pending") await checkPending(receipt, registry, check);
  else await checkAnchor(receipt, registry, provider, check);
  const valid = receipt.status === "complete" && checks.every((c) => c.ok);
  return { valid, status: receipt.status, checks, ...(valid && { current: await currentStatus(receipt, registry) }) };
}

/** Whether a later version corrects it, whether its publisher retracted it, and whether the publisher was revoked since. */
async function currentStatus(receipt: Receipt, registry: Contract): Promise<CurrentStatus> {
  const [successorHash, retraction, publisherId] = await Promise.all([
    registry.successorOf!(receipt.contentHash) as Promise<ContentHash>,
    registry.getRetraction!(receipt.contentHash),
    registry.publisherIdOf!(receipt.publisher) as Promise<bigint>,
  ]);
  const successor = BigInt(successorHash) === 0n ? null : { contentHash: successorHash, cid: await cidOfContentHash(successorHash) };
  const retractedIn = Number(retraction.blockNumber);
  let retracted: CurrentStatus["retraction"] = null;
  if (retractedIn !== 0) {
    // The reason is in the event only: the registry stores the block and the time.
    const [event] = await registry.queryFilter(registry.filters.ArticleRetracted!(receipt.contentHash), retractedIn, retractedIn);
    retracted = { blockNumber: retractedIn, timestamp: Number(retraction.timestamp), reason: event && "args" in event ? String(event.args.reason) : "" };
  }
  const revokedAt = publisherId === 0n ? 0 : Number((await registry.getPublisher!(publisherId)).revokedAt);
  return {
    status: retracted ? "retracted" : successor ? "superseded" : "anchored",
    successor,
    retraction: retracted,
    publisherRevokedAt: revokedAt === 0 ? null : revokedAt,
  };
}

async function checkPending(receipt: PendingReceipt, registry: Contract, check: Check): Promise<void> {
  const isRelayer: boolean = await registry.hasRole!(await registry.RELAYER_ROLE!(), receipt.relayer);
  check("relayer role", isRelayer, isRelayer ? `${receipt.relayer} is a relayer of the registry` : `${receipt.relayer} holds no relayer role`);
  check("anchored", false, "pending: the relayer promised to anchor it; fetch the receipt again once the batch lands");
}

async function checkAnchor(receipt: CompleteReceipt, registry: Contract, provider: Provider, check: Check): Promise<void> {
  const { anchor } = receipt;
  const atBlock = { blockTag: anchor.blockNumber };

  const publisherId: bigint = await registry.publisherIdOf!(receipt.publisher, atBlock);
  const publisher = publisherId === 0n ? undefined : await registry.getPublisher!(publisherId, atBlock);
  const active = publisher !== undefined && publisher.key === receipt.publisher && publisher.revokedAt === 0n;
  check(
    "publisher",
    active,
    publisher
      ? `${publisher.name} (${publisher.domain}) ${active ? "was active" : "was not active with this key"} at block ${anchor.blockNumber}`
      : `no publisher had this key at block ${anchor.blockNumber}`,
  );

  if (anchor.kind === "direct") {
    const record = await registry.getRecord!(receipt.contentHash);
    const ok = record.signer === receipt.publisher && Number(record.blockNumber) === anchor.blockNumber;
    check("record", ok, `the registry records signer ${record.signer} at block ${record.blockNumber}`);
  } else {
    const batch = await registry.getBatch!(anchor.root);
    check("root", Number(batch.blockNumber) === anchor.blockNumber, `the registry records the root at block ${batch.blockNumber}`);
    const included: boolean = await registry.isBatchLeaf!(anchor.root, anchor.proof, receipt.contentHash, receipt.publisher, receipt.previous, receipt.signature);
    check("inclusion", included, included ? "the registry accepts the proof" : "the registry rejects the proof");
  }

  const [tx, block] = await Promise.all([provider.getTransactionReceipt(anchor.txHash), provider.getBlock(anchor.blockNumber)]);
  check("transaction", tx?.status === 1 && tx.blockNumber === anchor.blockNumber, `transaction ${anchor.txHash} is in block ${tx?.blockNumber ?? "none"}`);
  const emitted = tx !== null && emittedAnchor(tx, registry, receipt);
  check(
    "event",
    emitted,
    `the transaction ${emitted ? "emitted" : "did not emit"} the registry's ${anchor.kind === "direct" ? "ArticleAnchored for this content hash" : "BatchAnchored for this root"}`,
  );
  check("timestamp", block?.timestamp === anchor.blockTimestamp, `block ${anchor.blockNumber} has timestamp ${block?.timestamp ?? "none"}`);
}

/** Whether the transaction holds the registry's own event for this anchor: any other transaction of that block would not. */
function emittedAnchor(tx: TransactionReceipt, registry: Contract, receipt: CompleteReceipt): boolean {
  const address = receipt.registry.toLowerCase();
  return tx.logs.some((log) => {
    if (log.address.toLowerCase() !== address) return false;
    const event = registry.interface.parseLog(log);
    if (receipt.anchor.kind === "direct") return event?.name === "ArticleAnchored" && event.args.contentHash === receipt.contentHash;
    return event?.name === "BatchAnchored" && event.args.root === receipt.anchor.root;
  });
}
