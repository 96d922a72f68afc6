// `npm start`: the whole service on one machine. Without RPC_URL it brings up an embedded Hardhat
// chain (as its journal in DATA_DIR left it), deploys the registry and registers the demo publisher
// unless the chain has them already; with RPC_URL it uses that node.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import hre from "hardhat";
import { getCreateAddress, Wallet, type BaseWallet } from "ethers";
import pino, { type Logger } from "pino";
import { ConfigError, loadConfig, type Config } from "../server/config";
import { ArticleRegistry__factory } from "../typechain-types";
import { deployRegistry } from "../server/chain/deployRegistry";
import { jsonRpcProvider, type ChainProvider } from "../server/chain/jsonRpcProvider";
import { relayerWallet } from "../server/chain/relayerWallet";
import { closeHttpServer } from "../server/closeHttpServer";
import { createService } from "../server/service";
import { startEmbeddedChain, type EmbeddedChain } from "./embeddedChain";
import { buildWeb } from "./buildWeb";
import { assertPortFree } from "./ports";

// Hardhat's well-known public test accounts #0 and #1 (from the "test test … junk" mnemonic).
// They hold no real value anywhere; never use them on a public network.
const HARDHAT_ACCOUNT_0_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const DEMO_PUBLISHER = { address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", name: "Demo Newsroom", domain: "demo.example" };
/** How long requests in flight may take to finish on Ctrl-C or SIGTERM before they are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

interface ChainSetup {
  provider: ChainProvider;
  relayer: BaseWallet;
  registryAddress: string;
  startBlock: number;
  embedded?: EmbeddedChain;
}

async function embeddedChain(config: Config & { chain: { mode: "embedded" } }, logger: Logger): Promise<ChainSetup> {
  await assertPortFree(config.chain.host, config.chain.port, "CHAIN_PORT");
  const embedded = await startEmbeddedChain(hre, { hostname: config.chain.host, port: config.chain.port, dataDir: config.dataDir, logger });
  const provider = hre.ethers.provider;
  const relayer = new Wallet(HARDHAT_ACCOUNT_0_KEY, provider);
  // A chain replayed from its journal has the registry already: the first contract account #0
  // deployed. The index is in DATA_DIR too; read afresh, it would start from genesis.
  const replayed = getCreateAddress({ from: relayer.address, nonce: 0 });
  if ((await provider.getCode(replayed)) !== "0x") return { provider, relayer, registryAddress: replayed, startBlock: 0, embedded };
  const deployment = await deployRegistry(relayer);
  const registry = ArticleRegistry__factory.connect(deployment.address, relayer);
  await (await registry.registerPublisher(DEMO_PUBLISHER.address, DEMO_PUBLISHER.name, DEMO_PUBLISHER.domain)).wait();
  return { provider, relayer, registryAddress: deployment.address, startBlock: deployment.blockNumber, embedded };
}

async function externalChain(config: Config & { chain: { mode: "external" } }): Promise<ChainSetup> {
  const provider = jsonRpcProvider(config.chain.rpcUrl);
  return {
    provider,
    relayer: await relayerWallet(config.chain.relayer, provider),
    registryAddress: config.chain.registryAddress,
    startBlock: config.chain.startBlock,
  };
}

async function main() {
  const startedAt = performance.now();
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  await assertPortFree(config.host, config.port, "PORT");
  const chain = config.chain.mode === "embedded" ? await embeddedChain({ ...config, chain: config.chain }, logger) : await externalChain({ ...config, chain: config.chain });
  const adminToken = config.adminToken ?? randomBytes(24).toString("base64url");
  const webRoot = await buildWeb();
  const service = await createService({ ...chain, dataDir: config.dataDir, confirmations: config.confirmations,
    indexerPollMs: config.indexerPollMs, adminToken, maxBodyBytes: config.maxBodyBytes,
    writeRateLimitPerMinute: config.writeRateLimitPerMinute, anchoring: config.anchoring, transactions: config.transactions,
    workerThreads: config.workerThreads, logger, webRoot });
  const http: Server = await new Promise((resolve) => {
    const server = service.app.listen(config.port, config.host, () => resolve(server));
  });

  const url = `http://${config.host}:${config.port}`;
  console.log(`
News provenance service ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s
  API             ${url}   (health: ${url}/healthz)
  Reader's page   ${url}/   (verify an article in a browser)
  Chain           ${chain.embedded ? `${chain.embedded.url} (embedded Hardhat, chain ${service.deps.chain.chainId})` : `${config.chain.mode === "external" ? new URL(config.chain.rpcUrl).origin : ""} (chain ${service.deps.chain.chainId})`}${chain.embedded ? `
  Chain journal   ${chain.embedded.journalFile} (${chain.embedded.replayedBlocks} blocks replayed)` : ""}
  Registry        ${service.deps.chain.address}
  Anchoring       ${config.anchoring.mode === "batch" ? `Merkle batches of up to ${config.anchoring.batchSize}, at least every ${config.anchoring.batchIntervalMs} ms` : "one transaction per article"}
  Relayer         ${chain.relayer.address}${chain.embedded ? `
  Demo publisher  ${DEMO_PUBLISHER.name} (${DEMO_PUBLISHER.domain}) ${DEMO_PUBLISHER.address}
                  signs with Hardhat's public test key #1` : ""}
  Admin token     ${config.adminToken ? "(from ADMIN_TOKEN)" : `${adminToken} (generated; set ADMIN_TOKEN to choose one)`}
  Data            ${config.dataDir}
Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: refusing new connections, finishing the requests in flight");
    // In this order: the requests in flight finish with the service and the chain still up; the
    // service then closes (it may still need the chain) before the chain does.
    await closeHttpServer(http, SHUTDOWN_GRACE_MS);
    await service.close();
    await chain.embedded?.close();
    console.log("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? `npm start: ${error.message}` : error);
  process.exit(1);
});
