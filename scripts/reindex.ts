// Rebuilds a data dir's chain index from the registry's events, with the service stopped:
//   DATA_DIR=data npx hardhat run scripts/reindex.ts                  (an embedded chain's data dir)
//   DATA_DIR=data RPC_URL=… REGISTRY_ADDRESS=0x… [REGISTRY_START_BLOCK=n] npx hardhat run scripts/reindex.ts
// `newsprov reindex` runs it so: the CLI reaches no module of the service. On an embedded data dir
// the chain is down with the service, so this starts it from its journal in this process, as
// `npm start` does, without opening its port. Prints the result as one JSON line on stdout.
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";
import { isAddress, type Provider } from "ethers";
import type { HardhatNetworkConfig } from "hardhat/types";
import pino from "pino";
import { jsonRpcProvider } from "../server/chain/jsonRpcProvider";
import { reindex } from "../server/chain/reindex";
import { startEmbeddedChain } from "./embeddedChain";
import { findEmbeddedRegistry } from "./embeddedRegistry";
import { readOperatorKeys } from "./operatorKeys";

/** The chain the index is rebuilt from, and how to let it go. */
interface Source {
  provider: Provider;
  registry: string;
  startBlock: number;
  close(): Promise<void>;
}

const setting = (name: string) => (process.env[name] === "" ? undefined : process.env[name]);

async function externalSource(rpcUrl: string): Promise<Source> {
  const registry = setting("REGISTRY_ADDRESS");
  if (registry === undefined || !isAddress(registry)) throw new Error(`REGISTRY_ADDRESS must be the registry's address with RPC_URL, not ${registry ?? "unset"}`);
  const startBlock = Number(setting("REGISTRY_START_BLOCK") ?? "0");
  if (!Number.isSafeInteger(startBlock) || startBlock < 0) throw new Error("REGISTRY_START_BLOCK must be a block number");
  const provider = jsonRpcProvider(rpcUrl);
  return { provider, registry, startBlock, close: async () => provider.destroy() };
}

async function embeddedSource(dataDir: string): Promise<Source> {
  if (setting("REGISTRY_ADDRESS") !== undefined) {
    throw new Error("REGISTRY_ADDRESS goes with RPC_URL: an embedded chain's registry is found from DATA_DIR/keys");
  }
  const { chainId } = hre.network.config as HardhatNetworkConfig;
  const journal = path.join(dataDir, `chain-${chainId}.jsonl`);
  // Starting the chain would begin a new, empty journal: that is no data dir to reindex.
  if (!fs.existsSync(journal)) throw new Error(`${journal} is missing: not an embedded chain's data dir (for an external chain, give its RPC URL and registry)`);
  const keys = readOperatorKeys(dataDir);
  const chain = await startEmbeddedChain(hre, { dataDir, logger: pino({ level: "warn" }, pino.destination(2)) });
  const provider = hre.ethers.provider;
  const registry = await findEmbeddedRegistry(provider, keys.admin.address);
  if (!registry) {
    await chain.close();
    throw new Error(`${journal} holds no registry deployed by the admin key ${keys.admin.address}`);
  }
  return { provider, registry, startBlock: 0, close: () => chain.close() };
}

async function main() {
  const dataDir = setting("DATA_DIR");
  if (dataDir === undefined) throw new Error("DATA_DIR must name the service's data dir");
  if (!fs.statSync(dataDir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${dataDir} is not a directory`);
  const rpcUrl = setting("RPC_URL");
  const source = rpcUrl === undefined ? await embeddedSource(dataDir) : await externalSource(rpcUrl);
  try {
    const result = await reindex({ dataDir, provider: source.provider, registry: source.registry, startBlock: source.startBlock }).catch(
      (error: unknown) => {
        throw rpcUrl === undefined ? error : new Error(`cannot read the registry's events from ${rpcUrl}: ${(error as Error).message}`);
      },
    );
    process.stdout.write(`${JSON.stringify({ ...result, registry: source.registry, embedded: rpcUrl === undefined })}\n`);
  } finally {
    await source.close();
  }
}

main().catch((error: unknown) => {
  console.error(`reindex: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
