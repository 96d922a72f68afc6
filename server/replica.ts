import { RegistryReader } from "./chain/registryReader";
import { createMetrics } from "./metrics";
import { ArticleTextFetcher } from "./replica/articleTexts";
import { openReadSide, readServices, readSideApp, type ReadSideOptions, type Service } from "./service";
import { ReceiptService } from "./services/receipts";
import { PreparationPool } from "./workers/pool";

export interface ReplicaOptions extends ReadSideOptions {
  /** A service whose GET /v1/articles/:cid serves the texts (ARTICLE_SOURCE: the primary); none: the replica holds no texts. */
  articleSource: string | undefined;
}

export interface Replica extends Service {
  /** Fetches the texts of every indexed version it lacks now; returns how many it stored. */
  syncTexts(): Promise<number>;
}

/**
 * A read replica (READ_ONLY=1): it holds no key, follows the registry and its batch files
 * (BATCH_SOURCE) into an index of its own, takes the texts from ARTICLE_SOURCE, each checked
 * against the chain, and answers every read as the primary does. Every write route is refused
 * with 403 read_only: nothing it is sent reaches the chain.
 */
export async function createReplica(options: ReplicaOptions): Promise<Replica> {
  const { logger } = options;
  const chain = await RegistryReader.open(options.provider, options.registryAddress);
  const metrics = createMetrics({});
  const side = await openReadSide(chain, options, metrics);
  const { chainIndex, articles, batches, signer, follower } = side;
  const texts = options.articleSource
    ? new ArticleTextFetcher({ source: options.articleSource.replace(/\/+$/, ""), articles, signer, metrics, pollMs: options.indexerPollMs, logger })
    : undefined;
  const receipts = new ReceiptService({ chain, relayer: undefined, chainIndex, articles, batches, queue: undefined });
  // No relayer key: the threads only diff versions and align quotes, never sign a receipt.
  const preparation = new PreparationPool(chain.domain(), options.workerThreads ?? 0, undefined);
  const services = readServices(side, chain, { receipts, writes: undefined, registrar: undefined, preparation });
  const app = readSideApp(services, options, metrics, undefined);
  side.domainChecks.start();
  texts?.start();
  return {
    app,
    services,
    chainId: chain.chainId,
    registryAddress: chain.address,
    domainChecks: side.domainChecks,
    syncIndex: () => follower.sync(),
    syncTexts: async () => (texts ? texts.sync() : 0),
    drainBatches: async () => undefined,
    close: async () => {
      await texts?.stop();
      await preparation.close();
      await side.close();
    },
  };
}
