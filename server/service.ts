import path from "node:path";
import type { Provider, Signer } from "ethers";
import type { Express } from "express";
import type { Logger } from "pino";
import { createApp, type AppDeps } from "./app";
import { RegistryIndexer } from "./chain/indexer";
import { RegistryClient } from "./chain/registryClient";
import { HistoryService } from "./services/history";
import { ProvenanceService } from "./services/provenance";
import { PublisherService } from "./services/publishers";
import { PublishingService } from "./services/publishing";
import { RetractionService } from "./services/retractions";
import { ArticleStore } from "./store/articles";
import { ChainIndex } from "./store/chainIndex";
import { openDatabase } from "./store/database";

export interface ServiceOptions {
  provider: Provider;
  /** The relayer: pays the gas of anchors and registrations. */
  relayer: Signer;
  registryAddress: string;
  /** First block that can hold registry events. */
  startBlock: number;
  /** A directory for the SQLite file, or ":memory:". */
  dataDir: string;
  confirmations: number;
  indexerPollMs: number;
  adminToken: string | undefined;
  maxBodyBytes: number;
  logger: Logger;
}

export interface Service {
  app: Express;
  deps: AppDeps;
  /** The chain index, for operators' tools and tests that compare it with the chain. */
  index: ChainIndex;
  /** Stops following the chain and closes the database. */
  close(): Promise<void>;
}

/**
 * Wires the service together: chain client, store, indexer, services and the HTTP app. It
 * indexes the chain once before returning, so the first answers are already chain-confirmed.
 */
export async function createService(options: ServiceOptions): Promise<Service> {
  const { provider, logger } = options;
  const chain = await RegistryClient.connect({ provider, relayer: options.relayer, address: options.registryAddress });
  // One file per chain and registry: an index is only ever compared with the chain it came from.
  const db = openDatabase(options.dataDir === ":memory:" ? ":memory:" : path.join(options.dataDir, `provenance-${chain.chainId}-${chain.address}.sqlite`));
  const index = new ChainIndex(db);
  const articles = new ArticleStore(db);
  const indexer = new RegistryIndexer({
    registry: chain.registry,
    provider,
    index,
    startBlock: options.startBlock,
    confirmations: options.confirmations,
    pollMs: options.indexerPollMs,
    logger,
  });
  await indexer.sync();
  indexer.start();

  const provenance = new ProvenanceService(index, chain);
  const deps: AppDeps = {
    chain,
    indexer,
    articles,
    provenance,
    publishing: new PublishingService({ chain, indexer, articles, provenance }),
    publishers: new PublisherService({ chain, indexer, index }),
    history: new HistoryService({ index, articles, provenance }),
    retractions: new RetractionService({ chain, indexer, index, provenance }),
    adminToken: options.adminToken,
    maxBodyBytes: options.maxBodyBytes,
    logger,
  };
  return {
    app: createApp(deps),
    deps,
    index,
    close: async () => {
      await indexer.stop();
      db.close();
    },
  };
}
