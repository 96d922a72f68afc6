import { toQuantity } from "ethers";
import { isRecord, readQuantity } from "./jsonRpc";

/**
 * The params of an eth_call or eth_estimateGas whose call carries at most `maxGas`. A missing gas
 * would let the chain run the call with the block's gas limit, so it becomes the cap, as does a
 * larger one or one we cannot read: a wallet that estimates with its own high limit still gets
 * an estimate, within the cap.
 */
export function withCappedGas(params: unknown[] | undefined, maxGas: bigint): unknown[] | undefined {
  const [call, ...rest] = params ?? [];
  if (!isRecord(call)) return params;
  const gas = readQuantity(call.gas);
  if (gas !== undefined && gas <= maxGas) return params;
  return [{ ...call, gas: toQuantity(maxGas) }, ...rest];
}
