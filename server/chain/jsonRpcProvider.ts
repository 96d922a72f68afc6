import { JsonRpcProvider } from "ethers";

/**
 * A provider for an external JSON-RPC node. ethers caches identical calls for 250 ms and stalls
 * requests to batch them; the service needs every read fresh (nonces, heads) and answers sooner
 * without the stall.
 */
export function jsonRpcProvider(url: string): JsonRpcProvider {
  return new JsonRpcProvider(url, undefined, { batchMaxCount: 1, cacheTimeout: -1 });
}
