import path from "node:path";
import type { Provider } from "ethers";
import type { BatchSource } from "../protocol";
import { BatchLeafResolver } from "./chain/batchLeaves";
import pino from "pino";
import { ChainFollower } from "./chain/chainFollower";
import { RegistryReader } from "./chain/registryReader";
import { PublicationSigner } from "./crypto/publicationSigner";
import { BatchArchive } from "./store/batchArchive";
import { BatchStore } from "./store/batches";
import { ChainIndex } from "./store/chainIndex";
import { databaseFile, openDatabase } from "./store/database";

export interface ReindexResult {
  file: string;
  anchors: number;
  publishers: number;
  indexedBlock: number;
  /** Batch roots the registry anchored, and those whose file proves nothing, with why. */
  batches: number;
  refusedBatches: { root: string; problem: string }[];
  /** Why the index stops short of the chain's head: a batch file no source has. */
  waitingFor: string | null;
}

/**
 * Drops the chain index and rebuilds it from the registry's events and the batch files alone
 * (DATA_DIR/batches, then `batchSource`): the chain holds only batches' roots. Article texts and
 * the intents stay.
 * Run it with the service stopped; the service also rebuilds on start when the file is missing.
 */
export async function reindex(args: {
  dataDir: string;
  provider: Provider;
  registry: string;
  startBlock: number;
  /** Where batch files not in DATA_DIR/batches come from: a mirror directory or a service. */
  batchSource?: BatchSource | undefined;
}): Promise<ReindexResult> {
  const registry = await RegistryReader.open(args.provider, args.registry);
  const file = databaseFile(args.dataDir, registry.chainId, registry.address);
  const db = openDatabase(file);
  try {
    const chainIndex = new ChainIndex(db);
    chainIndex.clear();
    const batchLeaves = new BatchLeafResolver({
      batches: new BatchStore(db),
      archive: new BatchArchive(path.join(args.dataDir, "batches")),
      remote: args.batchSource,
      place: { chainId: Number(registry.chainId), registry: registry.address },
      signer: new PublicationSigner(registry.domain()),
    });
    const follower = new ChainFollower({
      registry,
      chainIndex,
      batchLeaves,
      startBlock: args.startBlock,
      confirmations: 0,
      pollMs: 1_000,
      logger: pino({ level: "silent" }),
    });
    const indexedBlock = await follower.sync();
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const refusedBatches = db.prepare("SELECT root, problem FROM anchored_batches WHERE problem IS NOT NULL ORDER BY block_number, log_index").all() as ReindexResult["refusedBatches"];
    return {
      file,
      anchors: count("anchors"),
      publishers: count("publishers"),
      indexedBlock,
      batches: count("anchored_batches"),
      refusedBatches,
      waitingFor: follower.stalled(),
    };
  } finally {
    db.close();
  }
}
