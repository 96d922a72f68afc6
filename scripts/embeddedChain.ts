import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { TASK_NODE_CREATE_SERVER } from "hardhat/builtin-tasks/task-names";

export interface EmbeddedChain {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves Hardhat's in-process network over JSON-RPC, so that wallets and other clients can read
 * the same chain the service writes to.
 */
export async function startEmbeddedChain(hre: HardhatRuntimeEnvironment, hostname: string, port: number): Promise<EmbeddedChain> {
  const server = await hre.run(TASK_NODE_CREATE_SERVER, { hostname, port, provider: hre.network.provider });
  const address = await server.listen();
  return { url: `http://${address.address}:${address.port}`, close: () => server.close() };
}
