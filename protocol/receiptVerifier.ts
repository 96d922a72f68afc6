import { Contract, type Provider, type TransactionReceipt } from "ethers";
import { checkReceiptOffline, type ReceiptCheck } from "./receiptCheck";
import type { CompleteReceipt, PendingReceipt, Receipt } from "./receipt";
import { REGISTRY_ABI } from "./registryAbi";


export interface ReceiptVerdict {
  /** True only when every check passed and the receipt is complete. */
  valid: boolean;
  status: Receipt["status"] | "malformed";
  checks: ReceiptCheck[];
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
  return { valid: receipt.status === "complete" && checks.every((c) => c.ok), status: receipt.status, checks };
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
