import type { Provider } from "ethers";

/**
 * What the service needs of its chain provider: an ethers Provider that also takes JSON-RPC calls
 * as they are. ethers' JsonRpcProvider (protocol/jsonRpc.ts) and Hardhat's provider are both.
 */
export type ChainProvider = Provider & { send(method: string, params: unknown[]): Promise<unknown> };
