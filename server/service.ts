import type { BaseWallet } from "ethers";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Express } from "express";
import type { Logger } from "pino";
import type { BatchSource, Hex } from "../protocol";
import { createApp, type AppServices, type WriteServices } from "./app";
import { BatchLeafResolver } from "./chain/batchLeaves";
import { ChainFollower } from "./chain/chainFollower";
import type { ChainProvider } from "./chain/chainProvider";
import { RegistryClient } from "./chain/registryClient";
import type { RegistryReader } from "./chain/registryReader";
import type { ResendPolicy } from "./chain/transactionSender";
import type { AnchoringConfig } from "./config";
import { messageSigner } from "./crypto/messageSigner";
import { DEFAULT_DOMAIN_CHECKS, DomainChecker, type DomainCheckConfig } from "./domains/domainChecker";
import { PublicationSigner } from "./crypto/publicationSigner";
import { createMetrics, type Metrics } from "./metrics";
import { batchAnchorer } from "./services/batchAnchorer";
import { BatchQueue } from "./services/batchQueue";
import { ArticleService } from "./services/articles";
import { BatchService } from "./services/batches";
import { HealthService } from "./services/health";
import { OperatorKeyCheck, type OperatorKey } from "./services/operatorKeys";
import { HistoryService } from "./services/history";
import { ProtocolService } from "./services/protocol";
import { ProvenanceService } from "./services/provenance";
import { PublisherService, type PublisherRegistrar } from "./services/publishers";
import { PublisherViews } from "./services/publisherViews";
import { PublishingService } from "./services/publishing";
import { QuoteService } from "./services/quotes";
import { recoverIntents } from "./services/recovery";
import { ReceiptService } from "./services/receipts";
import { RetractionService } from "./services/retractions";
import { ArticleStore } from "./store/articles";
import { BatchArchive } from "./store/batchArchive";
import { BatchStore } from "./store/batches";
import { ChainIndex } from "./store/chainIndex";
import { databaseFile, openDatabase, type Db } from "./store/database";
import { DomainCheckStore } from "./store/domainChecks";
import { GroupCommit } from "./store/groupCommit";
import { IntentStore } from "./store/intents";
import { PassageStore } from "./store/passages";
import { VersionDiffStore } from "./store/versionDiffs";
import { WalCheckpointer } from "./store/walCheckpointer";
import { PreparationPool } from "./workers/pool";

/** What a primary and a read replica both need: the chain to follow, and where the index lives. */
export interface ReadSideOptions {
  provider: ChainProvider;
  registryAddress: string;
  /** First block that can hold registry events. */
  startBlock: number;
  /** A directory for the SQLite file and the batch files (DATA_DIR/batches), or ":memory:". */
  dataDir: string;
  /** Where batch files this service did not build come from when it follows the chain (BATCH_SOURCE). */
  batchSource?: BatchSource | undefined;
  confirmations: number;
  indexerPollMs: number;
  maxBodyBytes: number;
  /** POST requests a client may send per minute; 0 or absent: no limit. */
  writeRateLimitPerMinute?: number;
  logger: Logger;
  /** Folder of the reader's built pages, served at /; none: the API alone. */
  webRoot?: string;
  /** Checks of publishers' domain statements; DEFAULT_DOMAIN_CHECKS where absent. */
  domainChecks?: Partial<DomainCheckConfig>;
  /**
   * Worker threads for the CPU work of requests (preparing publications, diffs between versions,
   * quote alignments); 0: the event loop does it.
   */
  workerThreads?: number;
}

export interface ServiceOptions extends ReadSideOptions {
  /** The relayer: pays the gas of anchors and registrations. A wallet, so that its transactions can be resent. */
  relayer: BaseWallet;
  /** Sends registrations, revocations and registrar rotations; absent: the relayer does, and needs REGISTRAR_ROLE. */
  registrar?: BaseWallet | undefined;
  /** When an unmined relayer transaction is resent, and given up; DEFAULT_RESEND_POLICY if absent. */
  transactions?: ResendPolicy;
  adminToken: string | undefined;
  /** Direct by default. */
  anchoring?: AnchoringConfig;
}

export interface Service {
  app: Express;
  /** The operations behind the routes, for operators' tools and for tests that build an app of their own. */
  services: AppServices;
  chainId: bigint;
  registryAddress: Hex;
  /** Checks publishers' domain statements; emits `checked` after each. */
  domainChecks: DomainChecker;
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

/** The index, the stores and the follower of one registry: what every answer is read from. */
export interface ReadSide {
  db: Db;
  metrics: Metrics;
  chainIndex: ChainIndex;
  articles: ArticleStore;
  batches: BatchStore;
  archive: BatchArchive;
  signer: PublicationSigner;
  follower: ChainFollower;
  domainChecks: DomainChecker;
  publisherViews: PublisherViews;
  provenance: ProvenanceService;
  /** Stops the follower and the domain checks and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the index of the registry `chain` reads and follows the chain into it. It indexes the
 * chain once before returning, so the first answers are already chain-confirmed.
 */
export async function openReadSide(chain: RegistryReader, options: ReadSideOptions, metrics: Metrics): Promise<ReadSide> {
  const { logger } = options;
  // One file per chain and registry: an index is only ever compared with the chain it came from.
  const inMemory = options.dataDir === ":memory:";
  const dbFile = inMemory ? ":memory:" : databaseFile(options.dataDir, chain.chainId, chain.address);
  const db = openDatabase(dbFile);
  const checkpointer = inMemory ? undefined : new WalCheckpointer(db, dbFile, logger);
  // A service without a data directory (tests) still writes its batch files, to a folder of its own.
  const batchesDir = inMemory ? fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-batches-")) : path.join(options.dataDir, "batches");
  const chainIndex = new ChainIndex(db);
  const articles = new ArticleStore(db);
  const batches = new BatchStore(db);
  const archive = new BatchArchive(batchesDir);
  const signer = new PublicationSigner(chain.domain());
  const place = { chainId: Number(chain.chainId), registry: chain.address };
  const follower = new ChainFollower({
    registry: chain,
    chainIndex,
    batchLeaves: new BatchLeafResolver({ batches, archive, remote: options.batchSource, place, signer }),
    startBlock: options.startBlock,
    confirmations: options.confirmations,
    pollMs: options.indexerPollMs,
    logger,
    onSyncError: () => metrics.chainErrors.inc({ operation: "index" }),
  });
  try {
    await follower.sync();
  } catch (error) {
    await checkpointer?.close();
    db.close();
    throw error;
  }
  follower.start();
  const domainConfig = { ...DEFAULT_DOMAIN_CHECKS, ...options.domainChecks };
  const domainCheckStore = new DomainCheckStore(db);
  const domainChecks = new DomainChecker({ store: domainCheckStore, chainIndex, chain, config: domainConfig, logger });
  domainChecks.on("checked", (check) => metrics.domainChecks.inc({ status: check.status }));
  const publisherViews = new PublisherViews(chainIndex, domainCheckStore, domainConfig.origins);
  const provenance = new ProvenanceService(chainIndex, chain, follower, publisherViews);
  return {
    db,
    metrics,
    chainIndex,
    articles,
    batches,
    archive,
    signer,
    follower,
    domainChecks,
    publisherViews,
    provenance,
    close: async () => {
      await domainChecks.stop();
      await follower.stop();
      await checkpointer?.close();
      db.close();
      if (inMemory) fs.rmSync(batchesDir, { recursive: true, force: true });
    },
  };
}

/** The services every answer comes from, on a primary and a replica alike; `writes` and the registrar only on a primary. */
export function readServices(
  side: ReadSide,
  chain: RegistryReader,
  parts: {
    receipts: ReceiptService;
    writes: WriteServices | undefined;
    registrar: PublisherRegistrar | undefined;
    preparation: PreparationPool;
    operatorKeys?: OperatorKeyCheck;
  },
): AppServices {
  const { preparation } = parts;
  const { chainIndex, articles, provenance, follower, archive, publisherViews, domainChecks, db } = side;
  return {
    protocol: new ProtocolService(chain.domain()),
    provenance,
    articles: new ArticleService({ articles, provenance }),
    history: new HistoryService({ chainIndex, articles, provenance, diffs: new VersionDiffStore(db), preparation }),
    writes: parts.writes,
    receipts: parts.receipts,
    batches: new BatchService({ chainIndex, archive }),
    publishers: new PublisherService({ registrar: parts.registrar, follower, chainIndex, views: publisherViews, domainChecks }),
    quotes: new QuoteService({ passages: new PassageStore(db), provenance, preparation }),
    health: new HealthService({ chain, follower, operatorKeys: parts.operatorKeys }),
  };
}

/** The HTTP app of a primary or a replica, from the options both read; a replica has no admin token. */
export function readSideApp(services: AppServices, options: ReadSideOptions, metrics: Metrics, adminToken: string | undefined): Express {
  return createApp(services, {
    adminToken,
    maxBodyBytes: options.maxBodyBytes,
    writeRateLimitPerMinute: options.writeRateLimitPerMinute ?? 0,
    logger: options.logger,
    metrics,
    webRoot: options.webRoot,
  });
}

/** The keys the service sends with, by use: one key for both when no registrar of its own is given. */
function operatorKeysOf({ relayer, registrar }: Pick<ServiceOptions, "relayer" | "registrar">): OperatorKey[] {
  if (!registrar || registrar.address === relayer.address) return [{ address: relayer.address, uses: ["relayer", "registrar"] }];
  return [
    { address: relayer.address, uses: ["relayer"] },
    { address: registrar.address, uses: ["registrar"] },
  ];
}

/**
 * Wires the primary service together: chain client, store, follower, services and the HTTP app.
 * It finishes what a crash interrupted before it returns.
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
  const side = await openReadSide(chain, options, metrics);
  const { db, chainIndex, articles, batches, archive, signer, follower, provenance } = side;
  const intents = new IntentStore(db);
  const preparation = new PreparationPool(chain.domain(), options.workerThreads ?? 0, options.relayer);
  const anchorerDeps = { chain, follower, chainIndex, batches, archive, intents, metrics, preparation, logger };
  const anchoring = options.anchoring ?? { mode: "direct" };
  const queue =
    anchoring.mode === "batch"
      ? new BatchQueue({ maxSize: anchoring.batchSize, maxWaitMs: anchoring.batchIntervalMs, anchor: batchAnchorer(anchorerDeps), logger })
      : undefined;
  // Before the first request: finish what a crash interrupted, from the intents.
  try {
    await recoverIntents({ ...anchorerDeps, articles, signer, queue });
  } catch (error) {
    // The service does not start: its threads and timers must not keep the process alive.
    await side.close();
    await preparation.close();
    throw error;
  }
  const receipts = new ReceiptService({ chain, relayer: messageSigner(options.relayer), chainIndex, articles, batches, queue });
  const writes: WriteServices = {
    publishing: new PublishingService({
      chain,
      batches,
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
    retractions: new RetractionService({ chain, follower, chainIndex, batches, provenance }),
  };
  const operatorKeys = new OperatorKeyCheck({ chain, keys: operatorKeysOf(options), batchMode: options.anchoring?.mode === "batch" });
  await operatorKeys.warnAtStart(logger);
  const services = readServices(side, chain, { receipts, writes, registrar: chain, preparation, operatorKeys });
  const app = readSideApp(services, options, metrics, options.adminToken);
  side.domainChecks.start();
  return {
    app,
    services,
    chainId: chain.chainId,
    registryAddress: chain.address,
    domainChecks: side.domainChecks,
    syncIndex: () => follower.sync(),
    drainBatches: async () => queue?.drain(),
    close: async () => {
      // Every publication already accepted is anchored before the chain and the index stop.
      await queue?.close();
      await preparation.close();
      await side.close();
    },
  };
}
