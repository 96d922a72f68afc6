import { InvalidParamsError, LimitExceededError } from "./errors";
import { isRecord, readQuantity, type Eip1193Provider } from "./jsonRpc";

/** Tags Hardhat resolves to its newest block: a development chain has no finality of its own. */
const HEAD_TAGS: ReadonlySet<string> = new Set(["latest", "safe", "finalized"]);

/**
 * Refuses an eth_getLogs whose blocks span more than `maxRange`. The chain reads every block of
 * the range, and the answer grows with it. Tags resolve against the chain's head (asked once, and
 * only when a tag needs it); a missing bound is "latest", so a blockHash filter is one block.
 */
export async function assertLogRangeWithin(params: unknown[] | undefined, provider: Eip1193Provider, maxRange: number): Promise<void> {
  const filter = params?.[0];
  if (!isRecord(filter)) throw new InvalidParamsError({ message: "eth_getLogs takes a filter object" });
  let head: Promise<bigint> | undefined;
  const chainHead = () => (head ??= provider.request({ method: "eth_blockNumber" }).then((number) => BigInt(number as string)));
  const from = await blockNumberOf(filter.fromBlock, "fromBlock", chainHead);
  const to = await blockNumberOf(filter.toBlock, "toBlock", chainHead);
  const blocks = to - from + 1n;
  if (blocks > BigInt(maxRange)) {
    throw new LimitExceededError({
      limit: "maxLogBlockRange",
      message: `eth_getLogs over ${blocks} blocks (${from} to ${to}) is more than the port's maxLogBlockRange of ${maxRange}: ask for smaller ranges`,
    });
  }
}

async function blockNumberOf(tag: unknown, field: string, chainHead: () => Promise<bigint>): Promise<bigint> {
  if (tag === undefined || (typeof tag === "string" && HEAD_TAGS.has(tag))) return chainHead();
  if (tag === "earliest") return 0n;
  // The block being built: one past the head.
  if (tag === "pending") return (await chainHead()) + 1n;
  const number = readQuantity(tag);
  if (number === undefined) throw new InvalidParamsError({ message: `eth_getLogs: ${field} must be a hex block number or a block tag` });
  return number;
}
