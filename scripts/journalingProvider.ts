import { EventEmitter } from "node:events";
import { Mutex } from "async-mutex";
import { BrowserProvider, keccak256, Transaction, type Block } from "ethers";
import type { EIP1193Provider, EthereumProvider, JsonRpcRequest, JsonRpcResponse, RequestArguments } from "hardhat/types";
import type { Hex } from "../protocol";
import type { ChainJournal, JournaledBlock } from "./chainJournal";

/** Requests after which the chain may hold new blocks. */
const MINING_METHODS = new Set(["eth_sendRawTransaction", "eth_sendTransaction", "evm_mine", "hardhat_mine", "evm_setAutomine"]);

const CHANGES_STATE = "it changes the chain's state without a transaction";
const CHANGES_BLOCKS = "it changes how the next blocks are built";
/** Development methods whose effect a journal of blocks cannot replay. */
const UNJOURNALABLE: Record<string, string> = {
  evm_revert: "it rewrites the chain's history",
  hardhat_reset: "it rewrites the chain's history",
  hardhat_setBalance: CHANGES_STATE,
  hardhat_setCode: CHANGES_STATE,
  hardhat_setNonce: CHANGES_STATE,
  hardhat_setStorageAt: CHANGES_STATE,
  hardhat_impersonateAccount: "an impersonated account's transactions carry no signature to replay",
  evm_setIntervalMining: "blocks mined on a timer would wait for the next request to be journaled",
  evm_setBlockGasLimit: CHANGES_BLOCKS,
  hardhat_setCoinbase: CHANGES_BLOCKS,
  hardhat_setMinGasPrice: CHANGES_BLOCKS,
  hardhat_setNextBlockBaseFeePerGas: CHANGES_BLOCKS,
  hardhat_setPrevRandao: CHANGES_BLOCKS,
};

/**
 * The embedded chain as every client sees it (the service, the JSON-RPC port): it journals each
 * new block, on disk, before it answers the request that mined it, and holds other requests while
 * it does, so that nobody learns of a block a crash could still take away. Methods whose effect
 * the journal could not replay are refused.
 */
export class JournalingProvider extends EventEmitter implements EthereumProvider {
  private readonly lock = new Mutex();
  private readonly reader: BrowserProvider;

  constructor(
    private readonly chain: EIP1193Provider,
    private readonly journal: ChainJournal,
    /** The chain's newest block, already in the journal. */
    private journaledBlock: number,
  ) {
    super();
    this.reader = new BrowserProvider(chain, undefined, { cacheTimeout: -1 });
  }

  async request(args: RequestArguments): Promise<unknown> {
    const unjournalable = UNJOURNALABLE[args.method];
    if (unjournalable) {
      throw new Error(`the embedded chain refuses ${args.method}: ${unjournalable}, and its journal must replay it after a restart`);
    }
    if (!MINING_METHODS.has(args.method)) {
      await this.lock.waitForUnlock();
      return this.chain.request(args);
    }
    return this.lock.runExclusive(async () => {
      try {
        return await this.chain.request(args);
      } finally {
        // Also when the request threw: Hardhat mines a reverting transaction, then throws.
        await this.journalNewBlocks();
      }
    });
  }

  send(method: string, params?: unknown[]): Promise<unknown> {
    return this.request({ method, params });
  }

  sendAsync(payload: JsonRpcRequest, callback: (error: unknown, response: JsonRpcResponse) => void): void {
    this.request(payload).then(
      (result) => callback(null, { jsonrpc: "2.0", id: payload.id, result }),
      (error: unknown) => callback(error, { jsonrpc: "2.0", id: payload.id }),
    );
  }

  /** Waits for the journaling in progress, then closes the journal. */
  async close(): Promise<void> {
    await this.lock.runExclusive(() => this.journal.close());
    this.reader.destroy();
  }

  private async journalNewBlocks(): Promise<void> {
    const head = Number(await this.chain.request({ method: "eth_blockNumber" }));
    if (head < this.journaledBlock) {
      throw new Error(`the embedded chain went back from block ${this.journaledBlock} to ${head}: its journal no longer matches it`);
    }
    while (this.journaledBlock < head) {
      const block = await this.reader.getBlock(this.journaledBlock + 1, true);
      if (!block) throw new Error(`block ${this.journaledBlock + 1} is missing from the embedded chain`);
      await this.journal.append(journalEntry(block));
      this.journaledBlock = block.number;
    }
  }
}

/** The block as the journal keeps it: each transaction's raw bytes, rebuilt from its fields and signature. */
function journalEntry(block: Block): JournaledBlock {
  const transactions = block.prefetchedTransactions.map((tx) => {
    // Without `from`: ethers would recover the sender to compare (a JS signature recovery per
    // transaction); the hash check below covers every field and the signature already.
    const raw = Transaction.from({ ...tx, from: undefined }).serialized as Hex;
    if (keccak256(raw) !== tx.hash) {
      throw new Error(`transaction ${tx.hash} of block ${block.number} cannot be journaled: its fields and signature do not rebuild it`);
    }
    return raw;
  });
  return { number: block.number, timestamp: block.timestamp, hash: block.hash as Hex, transactions };
}
