import path from "node:path";
import type { Provider } from "ethers";
import pino from "pino";
import { ArticleRegistry__factory } from "../../typechain-types";
import { BatchStore } from "../store/batches";
import { ChainIndex } from "../store/chainIndex";
import { openDatabase } from "../store/database";
import { RegistryIndexer } from "./indexer";

export interface ReindexResult {
  file: string;
  anchors: number;
  publishers: number;
  indexedBlock: number;
}

/** The service's database file for a chain and registry: one file each, as server/service.ts names it. */
export const databaseFile = (dataDir: string, chainId: bigint, registry: string) =>
  path.join(dataDir, `provenance-${chainId}-${registry}.sqlite`);

/**
 * Drops the chain index and rebuilds it from the registry's events alone (and the batch leaves
 * this service stored, which the chain never held). Article texts and the publish journal stay.
 * Run it with the service stopped; the service also rebuilds on start when the file is missing.
 */
export async function reindex(args: { dataDir: string; provider: Provider; registry: string; startBlock: number }): Promise<ReindexResult> {
  const { chainId } = await args.provider.getNetwork();
  const registry = ArticleRegistry__factory.connect(args.registry, args.provider);
  const file = databaseFile(args.dataDir, chainId, await registry.getAddress());
  const db = openDatabase(file);
  try {
    const index = new ChainIndex(db);
    index.clear();
    const indexer = new RegistryIndexer({
      registry,
      provider: args.provider,
      index,
      batches: new BatchStore(db),
      startBlock: args.startBlock,
      confirmations: 0,
      pollMs: 1_000,
      logger: pino({ level: "silent" }),
    });
    const indexedBlock = await indexer.sync();
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { file, anchors: count("anchors"), publishers: count("publishers"), indexedBlock };
  } finally {
    db.close();
  }
}
