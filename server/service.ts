import type { BaseWallet } from "ethers";
import type { Express } from "express";
import type { Logger } from "pino";
import { createApp, type AppDeps } from "./app";
import { RegistryIndexer } from "./chain/indexer";
import type { ChainProvider } from "./chain/jsonRpcProvider";
import { RegistryClient } from "./chain/registryClient";
import { databaseFile } from "./chain/reindex";
import type { ResendPolicy } from "./chain/transactionSender";
import type { AnchoringConfig } from "./config";
import { messageSigner } from "./crypto/messageSigner";
import { PublicationSigner } from "./crypto/publicationSigner";
import { createMetrics } from "./metrics";
import { batchAnchorer } from "./services/batchAnchorer";
import { BatchQueue } from "./services/batchQueue";
import { HistoryService } from "./services/history";
import { ProvenanceService } from "./services/provenance";
import { PublisherService } from "./services/publishers";
import { PublishingService } from "./services/publishing";
import { QuoteService } from "./services/quotes";
import { recoverIntents } from "./services/recovery";
import { ReceiptService } from "./services/receipts";
import { RetractionService } from "./services/retractions";
import { ArticleStore } from "./store/articles";
import { BatchStore } from "./store/batches";
import { ChainIndex } from "./store/chainIndex";
import { openDatabase } from "./store/database";
import { GroupCommit } from "./store/groupCommit";
import { IntentStore } from "./store/intents";
import { PassageStore } from "./store/passages";
import { PreparationPool } from "./workers/pool";

export interface ServiceOptions {
  provider: ChainProvider;
  /** The relayer: pays the gas of anchors and registrations. A wallet, so that its transactions can be resent. */
  relayer: BaseWallet;
  /** Sends registrations, revocations and registrar rotations; absent: the relayer does, and needs REGISTRAR_ROLE. */
  registrar?: BaseWallet | undefined;
  /** When an unmined relayer transaction is resent, and given up; DEFAULT_RESEND_POLICY if absent. */
  transactions?: ResendPolicy;
  registryAddress: string;
  /** First block that can hold registry events. */
  startBlock: number;
  /** A directory for the SQLite file, or ":memory:". */
  dataDir: string;
  confirmations: number;
  indexerPollMs: number;
  adminToken: string | undefined;
  maxBodyBytes: number;
  /** POST requests a client may send per minute; 0 or absent: no limit. */
  writeRateLimitPerMinute?: number;
  /** Direct by default. */
  anchoring?: AnchoringConfig;
  logger: Logger;
  /** Folder of the reader's built pages, served at /; none: the API alone. */
  webRoot?: string;
  /** Worker threads that prepare publications (normalize, hash, recover signers); 0: the event loop does. */
  workerThreads?: number;
}

export interface Service {
  app: Express;
  deps: AppDeps;
  /** The chain index, for operators' tools and tests that compare it with the chain. */
  index: ChainIndex;
  /** The batch queue in batch mode. */
  queue: BatchQueue | undefined;
  /**
   * Stops following the chain and closes the database. Close the HTTP server first: work that
   * still needs the chain and the index (a queue to flush) runs here before they stop.
   */
  close(): Promise<void>;
}

/**
 * Wires the service together: chain client, store, indexer, services and the HTTP app. It
 * indexes the chain once before returning, so the first answers are already chain-confirmed.
 */
export async function createService(options: ServiceOptions): Promise<Service> {
  const { provider, logger } = options;
  const metrics = createMetrics({ relayerBalance: () => provider.getBalance(options.relayer.address) });
  const chain = await RegistryClient.connect({
    provider,
    relayer: options.relayer,
    registrar: options.registrar,
    address: options.registryAddress,
    transactions: options.transactions,
    logger,
    onResend: (reason) => metrics.relayerResends.inc({ reason }),
  });
  // One file per chain and registry: an index is only ever compared with the chain it came from.
  const db = openDatabase(options.dataDir === ":memory:" ? ":memory:" : databaseFile(options.dataDir, chain.chainId, chain.address));
  const index = new ChainIndex(db);
  const articles = new ArticleStore(db);
  const batches = new BatchStore(db);
  const indexer = new RegistryIndexer({
    registry: chain.registry,
    provider,
    index,
    batches,
    startBlock: options.startBlock,
    confirmations: options.confirmations,
    pollMs: options.indexerPollMs,
    logger,
    onSyncError: () => metrics.chainErrors.inc({ operation: "index" }),
  });
  await indexer.sync();
  indexer.start();

  const provenance = new ProvenanceService(index, chain, indexer);
  const intents = new IntentStore(db);
  const signer = new PublicationSigner(chain.domain());
  const preparation = new PreparationPool(chain.domain(), options.workerThreads ?? 0, options.relayer);
  const anchorerDeps = { chain, indexer, index, batches, intents, metrics, preparation };
  const anchoring = options.anchoring ?? { mode: "direct" };
  const queue =
    anchoring.mode === "batch"
      ? new BatchQueue({ maxSize: anchoring.batchSize, maxWaitMs: anchoring.batchIntervalMs, anchor: batchAnchorer(anchorerDeps), logger })
      : undefined;
  // Before the first request: finish what a crash interrupted, from the publish journal.
  try {
    await recoverIntents({ ...anchorerDeps, articles, signer, queue, logger });
  } catch (error) {
    // The service does not start: its threads and timers must not keep the process alive.
    await indexer.stop();
    await preparation.close();
    db.close();
    throw error;
  }
  const receipts = new ReceiptService({ chain, relayer: messageSigner(options.relayer), index, articles, batches, queue });
  const deps: AppDeps = {
    chain,
    indexer,
    articles,
    provenance,
    publishing: new PublishingService({
      chain,
      indexer,
      index,
      articles,
      provenance,
      receipts,
      queue,
      preparation,
      commits: new GroupCommit(db),
      intents,
    }),
    receipts,
    publishers: new PublisherService({ chain, indexer, index }),
    quotes: new QuoteService({ passages: new PassageStore(db), provenance }),
    history: new HistoryService({ index, articles, provenance }),
    retractions: new RetractionService({ chain, indexer, index, provenance }),
    adminToken: options.adminToken,
    maxBodyBytes: options.maxBodyBytes,
    writeRateLimitPerMinute: options.writeRateLimitPerMinute ?? 0,
    logger,
    metrics,
    webRoot: options.webRoot,
  };
  return {
    app: createApp(deps),
    deps,
    index,
    queue,
    close: async () => {
      // Every publication already accepted is anchored before the chain and the index stop.
      await queue?.drain();
      await indexer.stop();
      await preparation.close();
      db.close();
    },
  };
}
