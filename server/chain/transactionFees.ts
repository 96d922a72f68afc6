import type { Provider } from "ethers";
import { ChainUnavailableError } from "../errors";

/** A transaction's fees: EIP-1559, or a legacy gas price on a chain without EIP-1559. */
export type Fees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | { gasPrice: bigint };

/** What the chain asks now. */
export async function currentFees(provider: Provider): Promise<Fees> {
  const { maxFeePerGas, maxPriorityFeePerGas, gasPrice } = await provider.getFeeData();
  if (maxFeePerGas !== null && maxPriorityFeePerGas !== null) return { maxFeePerGas, maxPriorityFeePerGas };
  if (gasPrice !== null) return { gasPrice };
  throw new ChainUnavailableError({ message: "the chain gives no fee data" });
}

/**
 * Fees for a transaction that replaces a pending one with the same nonce: 12.5% over it on every
 * fee (nodes require 10% to replace), and never below what the chain asks now.
 */
export function outbid(previous: Fees, now: Fees): Fees {
  if ("gasPrice" in previous) return { gasPrice: max(raise(previous.gasPrice), "gasPrice" in now ? now.gasPrice : 0n) };
  const current = "gasPrice" in now ? undefined : now;
  const maxPriorityFeePerGas = max(raise(previous.maxPriorityFeePerGas), current?.maxPriorityFeePerGas ?? 0n);
  return { maxPriorityFeePerGas, maxFeePerGas: max(raise(previous.maxFeePerGas), current?.maxFeePerGas ?? 0n, maxPriorityFeePerGas) };
}

/** The fee raised by 12.5%, rounded up, and by at least 1 wei. */
const raise = (fee: bigint) => max(fee + (fee + 7n) / 8n, fee + 1n);

const max = (...values: bigint[]) => values.reduce((a, b) => (a > b ? a : b));
