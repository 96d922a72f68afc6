import type { BaseWallet } from "ethers";
import type { Express } from "express";
import type { Logger } from "pino";
import type { Hex } from "../protocol";
import { createApp, type AppServices } from "./app";
import { ChainFollower } from "./chain/chainFollower";
import type { ChainProvider } from "./chain/chainProvider";
import { RegistryClient } from "./chain/registryClient";
import type { ResendPolicy } from "./chain/transactionSender";
import type { AnchoringConfig } from "./config";
import { messageSigner } from "./crypto/messageSigner";
import { PublicationSigner } from "./crypto/publicationSigner";
import { createMetrics } from "./metrics";
import { batchAnchorer } from "./services/batchAnchorer";
import { BatchQueue } from "./services/batchQueue";
import { ArticleService } from "./services/articles";
import { HealthService } from "./services/health";
import { HistoryService } from "./services/history";
import { ProtocolService } from "./services/protocol";
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
import { databaseFile, openDatabase } from "./store/database";
import { GroupCommit } from "./store/groupCommit";
import { IntentStore } from "./store/intents";
import { PassageStore } from "./store/passages";
import { VersionDiffStore } from "./store/versionDiffs";
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
  /** The operations behind the routes, for operators' tools and for tests that build an app of their own. */
  services: AppServices;
  chainId: bigint;
  registryAddress: Hex;
  /** Brings the chain index up to the chain's head (a test that sent a transaction itself, an operator's tool); returns its block. */
  syncIndex(): Promise<number>;
  /** Anchors every publication waiting for a batch, and waits for the batches under way (batch mode). */
  drainBatches(): Promise<void>;
  /**
   * Stops following the chain and closes the database. Close the HTTP server first: work that
   * still needs the chain and the index (a queue to flush) runs here before they stop.
   */
  close(): Promise<void>;
}

/**
 * Wires the service together: chain client, store, follower, services and the HTTP app. It
 * indexes the chain once before returning, so the first answers are already chain-confirmed.
 */
export async function createService(options: ServiceOptions): Promise<Service> {
  const { provider, logger } = options;
  const chain = await RegistryClient.connect({
    provider,
    relayer: options.relayer,
    registrar: options.registrar,
    address: options.registryAddress,
    transactions: options.transactions,
    logger,
    onResend: (reason) => metrics.relayerResends.inc({ reason }),
  });
  const metrics = createMetrics({ relayerBalance: () => chain.balanceOf(options.relayer.address) });
  // One file per chain and registry: an index is only ever compared with the chain it came from.
  const db = openDatabase(options.dataDir === ":memory:" ? ":memory:" : databaseFile(options.dataDir, chain.chainId, chain.address));
  const chainIndex = new ChainIndex(db);
  const articles = new ArticleStore(db);
  const batches = new BatchStore(db);
  const follower = new ChainFollower({
    registry: chain,
    chainIndex,
    batches,
    startBlock: options.startBlock,
    confirmations: options.confirmations,
    pollMs: options.indexerPollMs,
    logger,
    onSyncError: () => metrics.chainErrors.inc({ operation: "index" }),
  });
  await follower.sync();
  follower.start();

  const provenance = new ProvenanceService(chainIndex, chain, follower);
  const intents = new IntentStore(db);
  const signer = new PublicationSigner(chain.domain());
  const preparation = new PreparationPool(chain.domain(), options.workerThreads ?? 0, options.relayer);
  const anchorerDeps = { chain, follower, chainIndex, batches, intents, metrics, preparation };
  const anchoring = options.anchoring ?? { mode: "direct" };
  const queue =
    anchoring.mode === "batch"
      ? new BatchQueue({ maxSize: anchoring.batchSize, maxWaitMs: anchoring.batchIntervalMs, anchor: batchAnchorer(anchorerDeps), logger })
      : undefined;
  // Before the first request: finish what a crash interrupted, from the intents.
  try {
    await recoverIntents({ ...anchorerDeps, articles, signer, queue, logger });
  } catch (error) {
    // The service does not start: its threads and timers must not keep the process alive.
    await follower.stop();
    await preparation.close();
    db.close();
    throw error;
  }
  const receipts = new ReceiptService({ chain, relayer: messageSigner(options.relayer), chainIndex, articles, batches, queue });
  const services: AppServices = {
    protocol: new ProtocolService(chain.domain()),
    provenance,
    publishing: new PublishingService({
      chain,
      follower,
      chainIndex,
      articles,
      provenance,
      receipts,
      queue,
      preparation,
      commits: new GroupCommit(db),
      intents,
    }),
    articles: new ArticleService({ articles, provenance }),
    history: new HistoryService({ chainIndex, articles, provenance, diffs: new VersionDiffStore(db), preparation }),
    retractions: new RetractionService({ chain, follower, chainIndex, provenance }),
    receipts,
    publishers: new PublisherService({ chain, follower, chainIndex }),
    quotes: new QuoteService({ passages: new PassageStore(db), provenance, preparation }),
    health: new HealthService({ chain, follower }),
  };
  const app = createApp(services, {
    adminToken: options.adminToken,
    maxBodyBytes: options.maxBodyBytes,
    writeRateLimitPerMinute: options.writeRateLimitPerMinute ?? 0,
    logger,
    metrics,
    webRoot: options.webRoot,
  });
  return {
    app,
    services,
    chainId: chain.chainId,
    registryAddress: chain.address,
    syncIndex: () => follower.sync(),
    drainBatches: async () => queue?.drain(),
    close: async () => {
      // Every publication already accepted is anchored before the chain and the index stop.
      await queue?.drain();
      await follower.stop();
      await preparation.close();
      db.close();
    },
  };
}
