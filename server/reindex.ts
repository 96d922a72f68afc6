import type { Provider } from "ethers";
import pino from "pino";
import { ChainFollower } from "./chain/chainFollower";
import { RegistryReader } from "./chain/registryReader";
import { BatchStore } from "./store/batches";
import { ChainIndex } from "./store/chainIndex";
import { databaseFile, openDatabase } from "./store/database";

export interface ReindexResult {
  file: string;
  anchors: number;
  publishers: number;
  indexedBlock: number;
}

/**
 * Drops the chain index and rebuilds it from the registry's events alone (and the batch leaves
 * this service stored, which the chain never held). Article texts and the intents stay.
 * Run it with the service stopped; the service also rebuilds on start when the file is missing.
 */
export async function reindex(args: { dataDir: string; provider: Provider; registry: string; startBlock: number }): Promise<ReindexResult> {
  const registry = await RegistryReader.open(args.provider, args.registry);
  const file = databaseFile(args.dataDir, registry.chainId, registry.address);
  const db = openDatabase(file);
  try {
    const chainIndex = new ChainIndex(db);
    chainIndex.clear();
    const follower = new ChainFollower({
      registry,
      chainIndex,
      batches: new BatchStore(db),
      startBlock: args.startBlock,
      confirmations: 0,
      pollMs: 1_000,
      logger: pino({ level: "silent" }),
    });
    const indexedBlock = await follower.sync();
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { file, anchors: count("anchors"), publishers: count("publishers"), indexedBlock };
  } finally {
    db.close();
  }
}
