import { JsonRpcProvider } from "ethers";

/**
 * A provider for a JSON-RPC node, as verifiers and the service use one. ethers caches identical
 * calls for 250 ms and stalls requests to batch them; a verifier and a relayer need every read
 * fresh (nonces, heads) and answer sooner without the stall.
 */
export function jsonRpcProvider(url: string): JsonRpcProvider {
  return new JsonRpcProvider(url, undefined, { batchMaxCount: 1, cacheTimeout: -1 });
}
