// `npm start`: the whole service on one machine. Without RPC_URL it brings up an embedded Hardhat
// chain (as its journal in DATA_DIR left it) with the operator's own keys (DATA_DIR/keys), deploys
// the registry from them and registers the demo publisher unless the chain has them already; with
// RPC_URL it uses that node and the keys the operator brings. With READ_ONLY=1 it is a read replica:
// it follows RPC_URL's registry and BATCH_SOURCE's batch files, and holds no key.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import v8 from "node:v8";
import hre from "hardhat";
import type { BaseWallet } from "ethers";
import pino, { type Logger } from "pino";
import { ConfigError, loadConfig, type ChainConfig, type Config } from "../server/config";
import { describeBatchSource, jsonRpcProvider } from "../protocol";
import type { ChainProvider } from "../server/chain/chainProvider";
import { operatorWallet } from "../server/chain/operatorWallet";
import { closeHttpServer } from "../server/closeHttpServer";
import { createReplica } from "../server/replica";
import { createService, type Service } from "../server/service";
import { startEmbeddedChain, type EmbeddedChain } from "./embeddedChain";
import { DEMO_PUBLISHER, setUpEmbeddedRegistry, type EmbeddedRegistry } from "./embeddedRegistry";
import { loadOrCreateOperatorKeys, type OperatorKeys } from "./operatorKeys";
import { buildWeb } from "./buildWeb";
import { assertPortFree } from "./ports";

/** How long requests in flight may take to finish on Ctrl-C or SIGTERM before they are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * How far V8 lets a heap grow past what its last full GC left alive before the next one: 50%, where
 * V8 goes up to 300% for a large heap. The event loop keeps about 90 MB alive (the code, Hardhat's
 * runtime); bulk requests add what they hold while their items are prepared, which lives long enough
 * to be promoted and then dies. With V8's own choice its heap rose to 370 to 440 MB under bulk load
 * once V8 had settled, 100 MB and more above what it reached over the first 20,000 articles, and the
 * service's peak RSS with it: 1,050 to 1,076 MiB from 60,000 articles on, against 908 at 20,000
 * (`BENCH_ONLY=scale npm run bench`). With 100%, 900 to 930 MiB; with 50%, its heap stays under 230 MB,
 * and past the first 20,000 articles the RSS under 860 MiB. The price, under bulk load:
 * about twenty full GCs a minute instead of five, 15 ms of the event loop each (0.5% of its time;
 * scavenges take 5%). It holds for every isolate of the process, the worker threads' too.
 */
const HEAP_GROWING_PERCENT = 50;

interface ChainSetup {
  provider: ChainProvider;
  relayer: BaseWallet;
  /** Sends the registrar's transactions; undefined: the relayer does. */
  registrar: BaseWallet | undefined;
  registryAddress: string;
  startBlock: number;
  /** The chain's JSON-RPC URL as printed. */
  url: string;
  embedded?: { chain: EmbeddedChain; keys: OperatorKeys; registry: EmbeddedRegistry };
}

async function embeddedChain(config: Config & { chain: { mode: "embedded" } }, logger: Logger): Promise<ChainSetup> {
  await assertPortFree(config.chain.host, config.chain.port, "CHAIN_PORT");
  const chain = await startEmbeddedChain(hre, { dataDir: config.dataDir, logger });
  const provider = hre.ethers.provider;
  const keys = await loadOrCreateOperatorKeys(config.dataDir);
  // Before the port opens: nobody else can act on the chain while the registry is set up.
  const registry = await setUpEmbeddedRegistry(provider, keys, { demoPublisher: config.chain.demoPublisher, logger });
  const url = await chain.serve({ hostname: config.chain.host, port: config.chain.port, allowedHosts: config.chain.allowedHosts });
  return {
    provider,
    relayer: keys.relayer.connect(provider),
    registrar: keys.admin.connect(provider),
    registryAddress: registry.address,
    startBlock: registry.startBlock,
    url,
    embedded: { chain, keys, registry },
  };
}

async function externalChain(config: Config & { chain: { mode: "external" } }): Promise<ChainSetup> {
  const { rpcUrl, relayer, registrar } = config.chain;
  const provider = jsonRpcProvider(rpcUrl);
  return {
    provider,
    relayer: await operatorWallet(relayer, provider, "RELAYER_KEYSTORE"),
    registrar: registrar && (await operatorWallet(registrar, provider, "REGISTRAR_KEYSTORE")),
    registryAddress: config.chain.registryAddress,
    startBlock: config.chain.startBlock,
    url: new URL(rpcUrl).origin,
  };
}

/** The lines of the start banner that name the embedded chain's keys, registry and demo publisher. */
function embeddedLines({ chain, keys, registry }: NonNullable<ChainSetup["embedded"]>): string {
  const generated = keys.created.length > 0 ? "   (generated now: back DATA_DIR/keys/ up)" : "";
  const demo = {
    active: `${DEMO_PUBLISHER.name} (${DEMO_PUBLISHER.domain}) ${DEMO_PUBLISHER.address}
                  demo identity: its key is Hardhat's public test key #1, anyone can sign as it (DEMO_PUBLISHER=off: none)`,
    off: "none (DEMO_PUBLISHER=off)",
    revoked: `${DEMO_PUBLISHER.name} ${DEMO_PUBLISHER.address}, revoked: its public key can never sign again`,
  }[registry.demoPublisher];
  return `
  Chain journal   ${chain.journalFile} (${chain.replayedBlocks} blocks replayed)
  Operator keys   ${keys.dir}${generated}
    admin         ${keys.admin.address} (admin and registrar roles)
    relayer       ${keys.relayer.address} (relayer role)${registry.migrated ? `
                  roles handed over from Hardhat's public key #0, which held them in an earlier version` : ""}
  Demo publisher  ${demo}`;
}

function externalLines({ relayer, registrar }: ChainSetup): string {
  return `
  Relayer         ${relayer.address}${registrar ? `
  Registrar       ${registrar.address}` : " (also the registrar)"}`;
}

/** Waits for one step of the shutdown, saying which one it is if it takes long. */
async function whileStopping(logger: Logger, step: string, work: Promise<void> | undefined): Promise<void> {
  const slow = setInterval(() => logger.warn({ step }, "stopping: still waiting"), 5_000);
  try {
    await work;
  } finally {
    clearInterval(slow);
  }
}

/** A started service, what its banner says of it, and what else must stop with it. */
interface Started {
  service: Service;
  /** The chain's JSON-RPC URL as printed. */
  chainUrl: string;
  lines: string;
  /** The embedded chain, which stops after the service. */
  closeChain: (() => Promise<void>) | undefined;
}

async function startPrimary(config: Config, chainConfig: Exclude<ChainConfig, { mode: "replica" }>, logger: Logger, webRoot: string): Promise<Started> {
  const chain =
    chainConfig.mode === "embedded" ? await embeddedChain({ ...config, chain: chainConfig }, logger) : await externalChain({ ...config, chain: chainConfig });
  const adminToken = config.adminToken ?? randomBytes(24).toString("base64url");
  const service = await createService({ ...chain, dataDir: config.dataDir, batchSource: config.batchSource, confirmations: config.confirmations,
    indexerPollMs: config.indexerPollMs, adminToken, maxBodyBytes: config.maxBodyBytes,
    writeRateLimitPerMinute: config.writeRateLimitPerMinute, anchoring: config.anchoring, transactions: config.transactions,
    workerThreads: config.workerThreads, domainChecks: config.domainChecks, logger, webRoot });
  const lines = `
  Anchoring       ${config.anchoring.mode === "batch" ? `Merkle batches of up to ${config.anchoring.batchSize}, at least every ${config.anchoring.batchIntervalMs} ms` : "one transaction per article"}${chain.embedded ? embeddedLines(chain.embedded) : externalLines(chain)}
  Admin token     ${config.adminToken ? "(from ADMIN_TOKEN)" : `${adminToken} (generated; set ADMIN_TOKEN to choose one)`}`;
  const { embedded } = chain;
  return {
    service,
    chainUrl: `${chain.url} (${embedded ? "embedded Hardhat, " : ""}chain ${service.chainId})`,
    lines,
    closeChain: embedded ? () => embedded.chain.close() : undefined,
  };
}

/** READ_ONLY=1: no key, no token; the registry and its batch files followed, every write refused. */
async function startReplica(config: Config, chain: Extract<ChainConfig, { mode: "replica" }>, logger: Logger, webRoot: string): Promise<Started> {
  const service = await createReplica({ provider: jsonRpcProvider(chain.rpcUrl), registryAddress: chain.registryAddress, startBlock: chain.startBlock,
    dataDir: config.dataDir, batchSource: config.batchSource, articleSource: chain.articleSource, confirmations: config.confirmations,
    indexerPollMs: config.indexerPollMs, maxBodyBytes: config.maxBodyBytes, writeRateLimitPerMinute: config.writeRateLimitPerMinute,
    domainChecks: config.domainChecks, workerThreads: config.workerThreads, logger, webRoot });
  const lines = `
  Mode            read replica (READ_ONLY=1): no key, every write refused with 403 read_only
  Batch files     ${config.batchSource ? describeBatchSource(config.batchSource) : ""}
  Article texts   ${chain.articleSource ?? "none (ARTICLE_SOURCE unset): no texts, history diffs or quotes"}`;
  return { service, chainUrl: `${new URL(chain.rpcUrl).origin} (chain ${service.chainId})`, lines, closeChain: undefined };
}

async function main() {
  const startedAt = performance.now();
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  await assertPortFree(config.host, config.port, "PORT");
  const webRoot = await buildWeb();
  const { service, chainUrl, lines, closeChain } =
    config.chain.mode === "replica" ? await startReplica(config, config.chain, logger, webRoot) : await startPrimary(config, config.chain, logger, webRoot);
  const http: Server = await new Promise((resolve) => {
    const server = service.app.listen(config.port, config.host, () => resolve(server));
  });

  const url = `http://${config.host}:${config.port}`;
  console.log(`
News provenance service ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s
  API             ${url}   (health: ${url}/healthz)
  Reader's page   ${url}/   (verify an article in a browser)
  Chain           ${chainUrl}
  Registry        ${service.registryAddress}${lines}
  Data            ${config.dataDir}
Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: refusing new connections, finishing the requests in flight");
    // In this order: the requests in flight finish with the service and the chain still up; the
    // service then closes (it may still need the chain) before the chain does.
    await whileStopping(logger, "HTTP requests in flight", closeHttpServer(http, SHUTDOWN_GRACE_MS));
    await whileStopping(logger, "the service (batches to anchor, the index, the threads)", service.close());
    await whileStopping(logger, "the embedded chain", closeChain?.());
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
