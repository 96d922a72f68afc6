import { JsonRpcProvider, type Provider } from "ethers";

/**
 * What the service needs of its chain provider: an ethers Provider that also takes JSON-RPC calls
 * as they are. ethers' JsonRpcProvider and Hardhat's provider are both.
 */
export type ChainProvider = Provider & { send(method: string, params: unknown[]): Promise<unknown> };

/**
 * A provider for an external JSON-RPC node. ethers caches identical calls for 250 ms and stalls
 * requests to batch them; the service needs every read fresh (nonces, heads) and answers sooner
 * without the stall.
 */
export function jsonRpcProvider(url: string): JsonRpcProvider {
  return new JsonRpcProvider(url, undefined, { batchMaxCount: 1, cacheTimeout: -1 });
}
