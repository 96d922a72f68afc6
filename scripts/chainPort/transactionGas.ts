import { Transaction } from "ethers";
import { LimitExceededError } from "./errors";

/**
 * Refuses a raw transaction whose gas limit is above `maxGas`, before the chain runs it. The rate
 * of raw transactions bounds how many a client sends, not what each one costs: one of 16,777,216
 * gas kept the chain busy 2.6 to 6.3 s in a JUMP loop (measured), and the service waits for the
 * chain meanwhile. What does not parse as a transaction goes to the chain, which refuses it in
 * its own words without running anything; the signature is the chain's to check too.
 */
export function assertTransactionGasWithin(params: unknown[] | undefined, maxGas: bigint): void {
  const gasLimit = gasLimitOf(params?.[0]);
  if (gasLimit !== undefined && gasLimit > maxGas) {
    throw new LimitExceededError({
      limit: "maxTransactionGas",
      message: `a transaction of ${gasLimit} gas is more than the port's maxTransactionGas of ${maxGas}`,
    });
  }
}

function gasLimitOf(raw: unknown): bigint | undefined {
  try {
    return Transaction.from(String(raw)).gasLimit;
  } catch {
    return undefined;
  }
}
