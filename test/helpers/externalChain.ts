import { Wallet, type JsonRpcProvider } from "ethers";
import pino from "pino";
import { deployRegistry } from "../../server/chain/deployRegistry";
import { jsonRpcProvider } from "../../protocol";
import { createService, type ServiceOptions } from "../../server/service";
import { ArticleRegistry__factory } from "../../typechain-types";
import { KEY_0, KEY_1 } from "./keys";
import { freePort, HARDHAT_BIN, startChild } from "./processes";
import { DEMO_PUBLISHER } from "./registry";

export { KEY_0, KEY_1 };

/**
 * A separately started `hardhat node` with the registry deployed and the demo publisher
 * registered: the chain as an external client (or an operator's RPC_URL) sees it.
 */
export async function startExternalChain() {
  const port = await freePort();
  const startNode = () =>
    startChild([HARDHAT_BIN, "node", "--hostname", "127.0.0.1", "--port", String(port)], {}, /Started HTTP and WebSocket JSON-RPC server/);
  let node = await startNode();
  const url = `http://127.0.0.1:${port}`;
  const provider: JsonRpcProvider = jsonRpcProvider(url);
  const deployer = new Wallet(KEY_0, provider);
  const deployment = await deployRegistry(deployer);
  const registry = ArticleRegistry__factory.connect(deployment.address, deployer);
  await (await registry.registerPublisher(new Wallet(KEY_1).address, DEMO_PUBLISHER.name, DEMO_PUBLISHER.domain)).wait();

  /** The service in front of this chain, relaying with key #0. */
  const service = (options: Partial<ServiceOptions> = {}) =>
    createService({
      provider,
      relayer: new Wallet(KEY_0, provider),
      registryAddress: deployment.address,
      startBlock: deployment.blockNumber,
      dataDir: ":memory:",
      confirmations: 0,
      indexerPollMs: 100,
      adminToken: undefined,
      maxBodyBytes: 1024 * 1024,
      logger: pino({ level: "silent" }),
      ...options,
    });

  /** Restarts the node on the same URL: a new, empty chain, as a reset development chain is. */
  const reset = async () => {
    await node.stop();
    node = await startNode();
  };
  const stop = async () => {
    provider.destroy();
    await node.stop();
  };
  return { url, provider, deployment, registry, service, reset, stop };
}
