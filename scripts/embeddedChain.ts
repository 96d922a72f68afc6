import path from "node:path";
import type { HardhatNetworkConfig, HardhatRuntimeEnvironment } from "hardhat/types";
import type { Logger } from "pino";
import type { Hex } from "../protocol";
import { ChainJournal } from "./chainJournal";
import { defaultAllowedHosts, startChainPort, type ChainPort } from "./chainPort";
import { JournalingProvider } from "./journalingProvider";
import { replayJournal } from "./replayJournal";

export interface EmbeddedChain {
  /** The file that keeps the chain across restarts. */
  journalFile: string;
  /** Blocks mined again from the journal at start. */
  replayedBlocks: number;
  /**
   * Opens the chain's JSON-RPC port to wallets and other clients. Until then only this process
   * reaches the chain, which lets the start set the registry up before anyone else can act on it.
   * @returns the port's URL
   */
  serve(port: { hostname: string; port: number; allowedHosts: string[] | undefined }): Promise<string>;
  close(): Promise<void>;
}

export interface EmbeddedChainOptions {
  /** Where the chain's journal lives, as chain-<chainId>.jsonl. */
  dataDir: string;
  logger: Logger;
}

/**
 * Starts Hardhat's in-process network as it was before the restart: the blocks of its journal are
 * mined again before anyone else reaches it. From then on every client reaches it through the
 * journaling provider, which keeps each new block; once `serve` is called, it is served over
 * JSON-RPC (scripts/chainPort.ts: an allowlist with bounds, not Hardhat's development server) so
 * that wallets and other clients read the same chain the service writes to.
 */
export async function startEmbeddedChain(hre: HardhatRuntimeEnvironment, options: EmbeddedChainOptions): Promise<EmbeddedChain> {
  const config = hre.network.config as HardhatNetworkConfig;
  const journal = await ChainJournal.open(path.join(options.dataDir, `chain-${config.chainId}.jsonl`));
  try {
    await resume(hre, journal, options.logger);
  } catch (error) {
    await journal.close();
    throw error;
  }
  const provider = new JournalingProvider(hre.network.provider, journal, journal.blocks.at(-1)?.number ?? 0);
  // The service and the deployment reach the chain through hre.ethers, which takes
  // hre.network.provider when it is first used: after this line.
  hre.network.provider = provider;
  let chainPort: ChainPort | undefined;
  return {
    journalFile: journal.file,
    replayedBlocks: journal.blocks.length,
    serve: async ({ hostname, port, allowedHosts }) => {
      chainPort = await startChainPort({ provider, host: hostname, port, allowedHosts: allowedHosts ?? defaultAllowedHosts(hostname, port), logger: options.logger });
      return chainPort.url;
    },
    close: async () => {
      await chainPort?.close();
      await provider.close();
    },
  };
}

/** Starts a new journal for a new chain, or replays the journal into a chain with its genesis. */
async function resume(hre: HardhatRuntimeEnvironment, journal: ChainJournal, logger: Logger): Promise<void> {
  const config = hre.network.config as HardhatNetworkConfig;
  const { header } = journal;
  if (header && header.chainId !== config.chainId) {
    throw new Error(`${journal.file} records chain ${header.chainId}, not the embedded chain ${config.chainId}`);
  }
  // Hardhat reads it when the chain answers its first request, just below. Same genesis time,
  // same accounts: the same genesis block, which the replayed blocks can follow in time.
  if (header) config.initialDate = new Date(header.genesis.timestamp * 1000).toISOString();
  const chain = hre.network.provider;
  const genesis = (await chain.request({ method: "eth_getBlockByNumber", params: ["0x0", false] })) as { timestamp: string; hash: Hex };
  if (!header) {
    await journal.begin({ chainId: config.chainId, genesis: { timestamp: Number(genesis.timestamp), hash: genesis.hash } });
    return;
  }
  if (Number(genesis.timestamp) !== header.genesis.timestamp) {
    throw new Error(`the embedded chain was started before its journal was read: its genesis is at ${Number(genesis.timestamp)}, not ${header.genesis.timestamp}`);
  }
  const started = performance.now();
  const { sameHashes } = await replayJournal(chain, journal);
  logger.info({ journal: journal.file, blocks: journal.blocks.length, ms: Math.round(performance.now() - started) }, "replayed the chain journal");
  if (!sameHashes || genesis.hash !== header.genesis.hash) {
    // Receipts name transactions, block numbers and timestamps, which the replay checked; the
    // index notices the new hashes and rebuilds itself from the chain's events.
    logger.warn({ journal: journal.file }, "the replayed blocks hash differently than before (another Hardhat version or configuration?)");
  }
}
