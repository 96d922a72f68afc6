import { Interface, type Log, type Provider, type Result } from "ethers";
import { REGISTRY_ABI } from "./registryAbi";
import type { Hex } from "./types";

/** One of the registry's events, decoded by REGISTRY_ABI, with where the chain holds it. */
export interface RegistryLogEvent {
  name: string;
  args: Result;
  blockNumber: number;
  logIndex: number;
  txHash: Hex;
}

const registryInterface = new Interface(REGISTRY_ABI);

/** A log of the registry decoded, or null for one REGISTRY_ABI does not declare. */
export function decodeRegistryLog(log: Log): RegistryLogEvent | null {
  let parsed;
  try {
    parsed = registryInterface.parseLog(log);
  } catch {
    return null;
  }
  return parsed && { name: parsed.name, args: parsed.args, blockNumber: log.blockNumber, logIndex: log.index, txHash: log.transactionHash as Hex };
}

/** The registry's events in a range of blocks, decoded, in chain order. */
export async function registryEventsIn(provider: Provider, registry: Hex, fromBlock: number, toBlock: number): Promise<RegistryLogEvent[]> {
  const logs = await provider.getLogs({ address: registry, fromBlock, toBlock });
  return logs.flatMap((log) => decodeRegistryLog(log) ?? []);
}

/** Most blocks asked for in one eth_getLogs call: public nodes, and the embedded chain's port, cap the range. */
export const LOG_RANGE_BLOCKS = 2_000;

/**
 * The registry's events from `fromBlock` to `toBlock`, one range of at most `rangeBlocks` blocks at
 * a time, so that a client can read a registry's whole history from any node.
 */
export async function* registryEventRanges(
  provider: Provider,
  registry: Hex,
  fromBlock: number,
  toBlock: number,
  rangeBlocks = LOG_RANGE_BLOCKS,
): AsyncGenerator<{ events: RegistryLogEvent[]; toBlock: number }> {
  for (let from = fromBlock; from <= toBlock; from += rangeBlocks) {
    const to = Math.min(toBlock, from + rangeBlocks - 1);
    yield { events: await registryEventsIn(provider, registry, from, to), toBlock: to };
  }
}
