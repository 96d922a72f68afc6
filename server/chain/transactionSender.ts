import { Mutex } from "async-mutex";
import { setTimeout as sleep } from "node:timers/promises";
import { Transaction, type BaseWallet, type TransactionReceipt } from "ethers";
import type { Logger } from "pino";
import { ChainUnavailableError, OperatorKeyError } from "../errors";
import type { Hex } from "../../protocol";
import type { ChainProvider } from "./chainProvider";
import { currentFees, outbid, type Fees } from "./transactionFees";

/** When a relayer transaction that is not mined is sent again, and when it is given up. */
export interface ResendPolicy {
  /** How long a broadcast may go unmined before it is sent again: as it was if dropped, with higher fees if stuck. */
  resendAfterMs: number;
  /** How long a transaction may take to be mined, resends included, before the request fails with 503. */
  timeoutMs: number;
}

/** Patient enough for a congested public chain: a few blocks before a resend, a few resends before giving up. */
export const DEFAULT_RESEND_POLICY: ResendPolicy = { resendAfterMs: 30_000, timeoutMs: 120_000 };

export type ResendReason = "dropped" | "stuck";

export interface TransactionSenderOptions extends ResendPolicy {
  logger?: Logger;
  onResend?: (reason: ResendReason) => void;
}

/** A relayer transaction as mined: whichever of its broadcasts landed. */
export interface MinedTransaction {
  txHash: Hex;
  blockNumber: number;
}

/** What a relayer transaction does: a call to a contract. */
export interface ContractCall {
  to: string;
  data: string;
}

interface SignedTransaction {
  hash: Hex;
  raw: string;
  fees: Fees;
}

/** One nonce's transaction while it waits: every hash broadcast for it, and the one the node should hold now. */
interface PendingTransaction {
  call: ContractCall;
  nonce: number;
  gasLimit: bigint;
  hashes: Hex[];
  latest: SignedTransaction;
  /** Fees the node refused as too low for this nonce (it holds another transaction with it): the next replacement outbids them. */
  refusedFees?: Fees;
}

/** A node's answers to a broadcast that are not failures: it holds the transaction already, it wants higher fees, the nonce is used up. */
type Refusal = "known" | "underpriced" | "nonce_spent";

/** How often the node is asked for receipts while a transaction waits (more often if resends are due sooner). */
const POLL_MS = 1000;

/**
 * Gets relayer transactions mined. Each is signed here, so its raw bytes are kept: a transaction
 * the node dropped is broadcast again as it was (same nonce, same hash), and one stuck in the pool
 * is replaced by the same call with the same nonce and higher fees. Whichever lands first counts.
 */
export class TransactionSender {
  // One relayer key, many concurrent requests: transactions are signed one at a time, each with the
  // next nonce we count ourselves. Asking the node for every nonce races with its caches and
  // pending pool; after any failed send we ask it again, since we cannot know what it kept.
  private readonly sendLock = new Mutex();
  private nextNonce: number | undefined;

  constructor(
    private readonly relayer: BaseWallet,
    private readonly provider: ChainProvider,
    private readonly chainId: bigint,
    private readonly options: TransactionSenderOptions,
  ) {}

  /**
   * Sends the call as the relayer's next transaction and resolves once it is mined. Gas is
   * estimated first, so a call the chain would revert throws the node's revert before anything is
   * broadcast. `onSent` learns every hash broadcast for it: the first before it is mined, then
   * each replacement, so that the intent always names the latest.
   */
  async send(call: ContractCall, onSent?: (txHash: Hex) => void): Promise<MinedTransaction> {
    const pending = await this.sendLock.runExclusive(() => this.broadcastNext(call));
    onSent?.(pending.latest.hash);
    return this.untilMined(pending, onSent);
  }

  /**
   * Waits for a transaction broadcast earlier (by a run of the service that a crash ended, say) to
   * be mined, for the policy's timeout at most; false if it is still unmined then. Mined means a
   * receipt, reverted or not. This polls receipts as `send` does, rather than ask the provider
   * to wait: ethers' waitForTransaction has no bound by default, and Hardhat's in-process
   * provider does not implement it.
   */
  async waitForMined(txHash: Hex): Promise<boolean> {
    const deadline = Date.now() + this.options.timeoutMs;
    for (;;) {
      if (await this.provider.getTransactionReceipt(txHash)) return true;
      if (Date.now() >= deadline) return false;
      await sleep(Math.max(0, Math.min(POLL_MS, deadline - Date.now())));
    }
  }

  private async broadcastNext(call: ContractCall): Promise<PendingTransaction> {
    try {
      const [gasLimit, fees] = await Promise.all([
        this.provider.estimateGas({ ...call, from: this.relayer.address }),
        currentFees(this.provider),
      ]);
      // The nonce we count is taken when another process sent with this key (mined: "nonce too
      // low"; pending: "underpriced" for a replacement): ask the node again and sign once more,
      // rather than fail the request that found out.
      for (let attempt = 1; ; attempt++) {
        this.nextNonce ??= await this.provider.getTransactionCount(this.relayer.address, "pending");
        const nonce = this.nextNonce;
        const signed = await this.sign({ call, nonce, gasLimit }, fees);
        const refusal = await this.broadcast(signed.raw);
        if (refusal === "nonce_spent" || refusal === "underpriced") {
          this.nextNonce = undefined;
          if (attempt > 1) throw new ChainUnavailableError({ message: `the node refused transaction ${signed.hash}: nonce ${nonce} is taken (${refusal})` });
          this.options.logger?.warn({ nonce, refusal }, "the relayer's nonce was taken by another sender: reading it from the node again");
          continue;
        }
        this.nextNonce++;
        return { call, nonce, gasLimit, hashes: [signed.hash], latest: signed };
      }
    } catch (error) {
      this.nextNonce = undefined;
      if (!cannotPay(error)) throw error;
      throw new OperatorKeyError({
        code: "relayer_insufficient_funds",
        message: `the operator's key ${this.relayer.address} cannot pay for the transaction's gas: send it funds`,
        details: { account: this.relayer.address },
        cause: error,
      });
    }
  }

  private async untilMined(tx: PendingTransaction, onSent?: (txHash: Hex) => void): Promise<MinedTransaction> {
    const { resendAfterMs, timeoutMs } = this.options;
    const deadline = Date.now() + timeoutMs;
    let resendAt = Date.now() + resendAfterMs;
    for (;;) {
      const receipt = await this.despiteFailures(tx, () => this.receiptOf(tx));
      if (receipt) return this.outcome(tx, receipt);
      if (Date.now() >= deadline) return this.giveUp(tx);
      if (Date.now() >= resendAt) {
        await this.despiteFailures(tx, () => this.resend(tx, onSent));
        resendAt = Date.now() + resendAfterMs;
      }
      await sleep(Math.max(0, Math.min(POLL_MS, resendAt - Date.now(), deadline - Date.now())));
    }
  }

  /**
   * A node that fails to answer for a moment, or refuses a resend for a reason of its own (a
   * replacement the relayer cannot pay for), does not end the wait: what was broadcast may still
   * be mined. Only our own verdicts (the nonce used elsewhere) end it early.
   */
  private async despiteFailures<T>(tx: PendingTransaction, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ChainUnavailableError) throw error;
      this.options.logger?.warn({ nonce: tx.nonce, txHash: tx.latest.hash, err: error }, "waiting for a relayer transaction despite a node error");
      return undefined;
    }
  }

  /** The receipt of whichever broadcast for this nonce was mined, if one was. */
  private async receiptOf(tx: PendingTransaction): Promise<TransactionReceipt | undefined> {
    const receipts = await Promise.all(tx.hashes.map((hash) => this.provider.getTransactionReceipt(hash)));
    return receipts.find((receipt) => receipt !== null) ?? undefined;
  }

  private async outcome(tx: PendingTransaction, receipt: TransactionReceipt): Promise<MinedTransaction> {
    if (receipt.status === 0) {
      // The receipt says only that it failed (the state changed after gas was estimated: another
      // anchor of the same text landed first, say). The same call at that block says why, as a
      // revert the caller decodes.
      await this.provider.call({ ...tx.call, from: this.relayer.address, blockTag: receipt.blockNumber });
      throw new ChainUnavailableError({ message: `transaction ${receipt.hash} failed in block ${receipt.blockNumber}` });
    }
    return { txHash: receipt.hash as Hex, blockNumber: receipt.blockNumber };
  }

  /**
   * A node that no longer knows the latest broadcast dropped it: the same bytes go again. A node
   * that still holds it unmined has it stuck, under-priced for the chain now: a replacement with
   * the same nonce and higher fees goes, and whichever of them is mined first counts.
   */
  private async resend(tx: PendingTransaction, onSent?: (txHash: Hex) => void): Promise<void> {
    const onNode = await this.provider.getTransaction(tx.latest.hash);
    if (onNode?.blockNumber != null) return; // mined since we looked: the next look finds its receipt
    const reason: ResendReason = onNode || tx.refusedFees ? "stuck" : "dropped";
    const next = reason === "dropped" ? tx.latest : await this.sign(tx, outbid(tx.refusedFees ?? tx.latest.fees, await currentFees(this.provider)));
    this.options.logger?.warn(
      { nonce: tx.nonce, reason, txHash: next.hash, previousTxHashes: tx.hashes },
      reason === "dropped" ? "the node dropped a relayer transaction: broadcasting it again" : "a relayer transaction is stuck: replacing it with higher fees",
    );
    this.options.onResend?.(reason);
    const refusal = await this.broadcast(next.raw);
    if (refusal === "nonce_spent") return this.nonceSpent(tx);
    if (refusal === "underpriced") {
      this.options.logger?.warn({ nonce: tx.nonce, txHash: next.hash }, "the node wants higher fees for this nonce: outbidding them at the next resend");
      tx.refusedFees = next.fees;
      return;
    }
    // Accepted, or known to the node already: either way it holds `next` now.
    tx.refusedFees = undefined;
    if (next === tx.latest) return;
    tx.latest = next;
    tx.hashes.push(next.hash);
    onSent?.(next.hash);
  }

  private async broadcast(raw: string): Promise<Refusal | undefined> {
    try {
      // Not broadcastTransaction: ethers would parse the transaction again and recover its sender
      // in JavaScript (about 3 ms, once per batch on the event loop) for a response not read here.
      await this.provider.send("eth_sendRawTransaction", [raw]);
      return undefined;
    } catch (error) {
      const refusal = broadcastRefusal(error);
      if (!refusal) throw error;
      return refusal;
    }
  }

  /** The nonce is used up: by one of our broadcasts, mined meanwhile, or by a transaction this service did not send. */
  private async nonceSpent(tx: PendingTransaction): Promise<void> {
    if (await this.receiptOf(tx)) return;
    await this.forgetNonce();
    throw new ChainUnavailableError({
      message: `nonce ${tx.nonce} of the relayer ${this.relayer.address} was used by a transaction this service did not send`,
    });
  }

  /**
   * Gives up on a transaction still unmined at the timeout (503). It may still land; the next send
   * asks the node for the nonce, since only the node knows whether it still holds this one.
   */
  private async giveUp(tx: PendingTransaction): Promise<never> {
    await this.forgetNonce();
    throw new ChainUnavailableError({
      message: `transaction ${tx.latest.hash} (nonce ${tx.nonce}) was not mined within ${this.options.timeoutMs / 1000} s`,
    });
  }

  private async forgetNonce(): Promise<void> {
    await this.sendLock.runExclusive(() => (this.nextNonce = undefined));
  }

  private async sign(tx: Pick<PendingTransaction, "call" | "nonce" | "gasLimit">, fees: Fees): Promise<SignedTransaction> {
    const raw = await this.relayer.signTransaction({
      ...tx.call,
      ...fees,
      type: "gasPrice" in fees ? 0 : 2,
      nonce: tx.nonce,
      gasLimit: tx.gasLimit,
      chainId: this.chainId,
    });
    return { hash: Transaction.from(raw).hash as Hex, raw, fees };
  }
}

// ethers codes two of them for JSON-RPC nodes; Hardhat's in-process node and geth's "already known"
// leave only the message.
/**
 * The node refused the transaction, or its gas estimate, because the sender cannot pay: ethers'
 * INSUFFICIENT_FUNDS, geth's and anvil's "insufficient funds", Hardhat's "doesn't have enough funds".
 */
function cannotPay(error: unknown): boolean {
  for (let cause = error as { code?: unknown; message?: unknown; error?: unknown; cause?: unknown } | undefined, depth = 0; cause && depth < 4; depth++) {
    if (cause.code === "INSUFFICIENT_FUNDS" || /insufficient funds|enough funds/i.test(String(cause.message))) return true;
    cause = (cause.error ?? cause.cause) as typeof cause;
  }
  return false;
}

function broadcastRefusal(error: unknown): Refusal | undefined {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = String(message);
  if (code === "NONCE_EXPIRED" || /nonce too low/i.test(text)) return "nonce_spent";
  if (code === "REPLACEMENT_UNDERPRICED" || /underpriced/i.test(text)) return "underpriced";
  if (/already known|known transaction/i.test(text)) return "known";
  return undefined;
}
