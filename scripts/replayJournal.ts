import { keccak256 } from "ethers";
import type { EIP1193Provider } from "hardhat/types";
import type { ChainJournal, JournaledBlock } from "./chainJournal";

/** The journal does not mine the chain it recorded: the start stops rather than run on another chain. */
export class JournalReplayError extends Error {
  override readonly name = "JournalReplayError";
}

interface MinedBlock {
  number: string;
  timestamp: string;
  hash: string;
  transactions: string[];
}

type Rpc = (method: string, params?: unknown[]) => Promise<unknown>;

/**
 * Mines a journal's blocks again into a fresh Hardhat chain whose genesis has the journal's
 * timestamp: each block at its timestamp, with its signed transactions in their order, so the
 * same block numbers and transaction hashes. Each block is checked once mined. Then the chain's
 * clock goes back to the wall clock, so that new blocks are stamped now.
 * @returns whether the last block has its journaled hash (then, hashes being chained, every block has).
 */
export async function replayJournal(
  chain: EIP1193Provider,
  journal: Pick<ChainJournal, "file" | "blocks">,
): Promise<{ sameHashes: boolean }> {
  const rpc: Rpc = (method, params = []) => chain.request({ method, params });
  let last: MinedBlock | undefined;
  for (const block of journal.blocks) {
    const refusal = await mine(rpc, block);
    last = (await rpc("eth_getBlockByNumber", ["latest", false])) as MinedBlock;
    const difference = differenceOf(block, last);
    if (difference) {
      const because = refusal ? ` (the chain answered: ${refusal instanceof Error ? refusal.message : String(refusal)})` : "";
      throw new JournalReplayError(
        `${journal.file}: block ${block.number} does not replay: ${difference}${because}. ` +
          "To start a new, empty chain instead, move this file away (the anchors it holds are then lost).",
      );
    }
  }
  await resumeWallClock(rpc);
  return { sameHashes: last === undefined || last.hash === journal.blocks.at(-1)!.hash };
}

/** Mines one journaled block; returns what the chain threw when it was sent, if it threw. */
async function mine(rpc: Rpc, block: JournaledBlock): Promise<unknown> {
  const [only, ...others] = block.transactions;
  if (only !== undefined && others.length === 0) {
    // Automine: sending the transaction mines its block.
    await rpc("evm_setNextBlockTimestamp", [block.timestamp]);
    try {
      await rpc("eth_sendRawTransaction", [only]);
    } catch (error) {
      // Hardhat throws for a transaction that reverts, after mining it: one that reverted when
      // first mined reverts again. The check of the mined block tells it from a refusal.
      return error;
    }
    return undefined;
  }
  // None or several: queue them, then mine them in one block.
  await rpc("evm_setAutomine", [false]);
  try {
    for (const raw of block.transactions) await rpc("eth_sendRawTransaction", [raw]);
    await rpc("evm_mine", [block.timestamp]);
  } finally {
    await rpc("evm_setAutomine", [true]);
  }
  return undefined;
}

function differenceOf(journaled: JournaledBlock, mined: MinedBlock): string | undefined {
  if (Number(mined.number) !== journaled.number) return `the chain's newest block is ${Number(mined.number)}`;
  if (Number(mined.timestamp) !== journaled.timestamp) return `it was mined at ${Number(mined.timestamp)}, not ${journaled.timestamp}`;
  const expected = journaled.transactions.map((raw) => keccak256(raw));
  if (mined.transactions.join() !== expected.join()) {
    return `it holds transactions [${mined.transactions.join(", ")}], not [${expected.join(", ")}]`;
  }
  return undefined;
}

/**
 * Hardhat keeps a clock offset: the genesis time set in the past, and each replayed timestamp,
 * left it behind the wall clock. Bring it back (never backwards: a block stamped in the future
 * before the restart stays the lower bound of the next one).
 */
async function resumeWallClock(rpc: Rpc): Promise<void> {
  const offset = Number(await rpc("evm_increaseTime", [0]));
  if (offset < 0) await rpc("evm_increaseTime", [-offset]);
}
