import { identifyArticle, parseArticle, protocolDomain } from "../../protocol";
import { load, type LoadResult } from "./load";
import { startServiceProcess, type ServiceProcess } from "./serviceProcess";
import { signedArticles } from "./signedArticles";

export interface PublishResult {
  direct: LoadResult;
  /** Batch mode through POST /v1/articles/bulk, `?wait=false`, until every article is anchored: default batches of 256, then 1024. */
  bulk: BulkSummary[];
  /** Batch mode, answering 202 with a signed pending receipt (?wait=false). */
  batchAccepted: LoadResult;
  /** Batch mode, each request waiting for its batch to be anchored (201). */
  batchAnchored: LoadResult;
}

export interface BulkResult {
  batchSize: number;
  articles: number;
  itemsPerRequest: number;
  connections: number;
  /** Latency of one bulk request, ms. */
  p50: number;
  p99: number;
  /** Seconds from the first request until the last answer. */
  acceptSeconds: number;
  /** Seconds from the first request until the last article verifies: anchored and indexed. */
  anchorSeconds: number;
  /** Articles answered 202, per second, until the last answer. */
  acceptRate: number;
  /** Articles anchored and indexed, per second, until the last one verifies: the sustained rate. */
  anchorRate: number;
  /** Items that were not accepted, and requests that failed. */
  failed: number;
}

/** The median of several bulk runs (by sustained rate), with every run's sustained rate in the order they ran. */
export type BulkSummary = BulkResult & { runRates: number[] };

export interface VerifyResult {
  connections: number;
  verify: LoadResult;
  hello: LoadResult;
  ratio: number;
  /** Verify again with more connections than the service needs to stay busy: the extra ones only queue. */
  crowded: LoadResult;
}

// A run ends after this long, or when its distinct signed articles run out.
const SECONDS = 10;
/** autocannon's default: enough to keep one event loop busy without queueing behind it. */
const VERIFY_CONNECTIONS = 10;
const CROWDED_CONNECTIONS = 32;

async function domainOf(service: ServiceProcess) {
  const { domain } = (await (await fetch(`${service.url}/v1/domain`)).json()) as { domain: { chainId: number; verifyingContract: `0x${string}` } };
  return protocolDomain(BigInt(domain.chainId), domain.verifyingContract);
}

export const benchEnv = (mode: "direct" | "batch") => ({ ANCHOR_MODE: mode, WRITE_RATE_LIMIT_PER_MINUTE: "0" });

/** BATCH_SIZE's default. */
const DEFAULT_BATCH_SIZE = 256;

/**
 * A whole number of batches of 256 and of 1,024: the last batch fills and is sent at once, as
 * every batch of a sustained stream is, instead of waiting BATCH_INTERVAL_MS for more leaves.
 */
const BULK_ARTICLES = 40_960;

/**
 * Runs of each bulk configuration, the median reported: on this shared machine the same code's
 * sustained rate moved between 1,843 and 2,465 articles/s from one run to another within an hour.
 */
const BULK_RUNS = 3;

/** 500 benchmark articles make a request of about 1 MB, well under MAX_BODY_BYTES. */
export const BULK_ITEMS = 500;

/** Publish request bodies grouped into POST /v1/articles/bulk bodies. */
export function bulkBodies(bodies: string[], itemsPerRequest = BULK_ITEMS): string[] {
  const grouped: string[] = [];
  for (let i = 0; i < bodies.length; i += itemsPerRequest) grouped.push(`{"items":[${bodies.slice(i, i + itemsPerRequest).join(",")}]}`);
  return grouped;
}

/** The CID of a publish request body's article. */
export async function cidOf(body: string): Promise<string> {
  const parsed = parseArticle((JSON.parse(body) as { article: unknown }).article);
  if (!parsed.success) throw new Error("benchmark article is invalid");
  return (await identifyArticle(parsed.article)).cid;
}

/** Waits until the service's verify answers `verified` for this CID: anchored and indexed. */
export async function untilVerified(service: ServiceProcess, cid: string): Promise<void> {
  while (!((await (await fetch(`${service.url}/v1/verify/${cid}`)).json()) as { verified: boolean }).verified) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** How many publications the service counted with this outcome, from its Prometheus metrics. */
export async function publishesCounted(service: ServiceProcess, outcome: string): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`provenance_publishes_total{outcome="${outcome}"}`));
  return Number(line?.split(" ")[1] ?? 0);
}

/**
 * Publishes `count` articles through POST /v1/articles/bulk (`?wait=false`) in batch mode, and
 * times both the answers and the anchoring: the rate that counts is the one the chain keeps up with.
 */
export async function publishInBulk(service: ServiceProcess, bodies: string[], connections: number, batchSize = DEFAULT_BATCH_SIZE): Promise<BulkResult> {
  const requests = bulkBodies(bodies);
  const lastCid = await cidOf(bodies.at(-1)!);
  const started = performance.now();
  const result = await load({ url: service.url, method: "POST", path: () => "/v1/articles/bulk?wait=false", bodies: requests, connections, seconds: 3_600, amount: requests.length });
  const acceptSeconds = (performance.now() - started) / 1000;
  const accepted = await publishesCounted(service, "pending");
  await untilVerified(service, lastCid);
  const anchorSeconds = (performance.now() - started) / 1000;
  return {
    batchSize,
    articles: bodies.length,
    itemsPerRequest: BULK_ITEMS,
    connections,
    p50: result.p50,
    p99: result.p99,
    acceptSeconds,
    anchorSeconds,
    acceptRate: accepted / acceptSeconds,
    anchorRate: accepted / anchorSeconds,
    failed: bodies.length - accepted + result.failed,
  };
}

/** Publishes distinct signed articles as fast as the service takes them, in each anchoring mode. */
export async function measurePublishing(log: (line: string) => void): Promise<PublishResult> {
  const run = async (mode: "direct" | "batch", query: string, connections: number, count: number) => {
    const service = await startServiceProcess(benchEnv(mode));
    try {
      const bodies = await signedArticles(await domainOf(service), 0, count);
      log(`  publishing (${mode}${query}) with ${connections} connections for ${SECONDS} s…`);
      return await load({ url: service.url, method: "POST", path: () => `/v1/articles${query}`, bodies, connections, seconds: SECONDS });
    } finally {
      await service.stop();
    }
  };
  const bulkRun = async (count: number, connections: number, batchSize: number) => {
    const service = await startServiceProcess({ ...benchEnv("batch"), BATCH_SIZE: String(batchSize) });
    try {
      const bodies = await signedArticles(await domainOf(service), 0, count);
      log(`  publishing ${count} articles in bulk requests of ${BULK_ITEMS} (batches of ${batchSize}, ?wait=false) with ${connections} connections…`);
      return await publishInBulk(service, bodies, connections, batchSize);
    } finally {
      await service.stop();
    }
  };
  const bulk = async (count: number, connections: number, batchSize: number): Promise<BulkSummary> => {
    const runs: BulkResult[] = [];
    for (let i = 0; i < BULK_RUNS; i++) runs.push(await bulkRun(count, connections, batchSize));
    const median = [...runs].sort((a, b) => a.anchorRate - b.anchorRate)[Math.floor(BULK_RUNS / 2)]!;
    return { ...median, runRates: runs.map((run) => run.anchorRate) };
  };
  return {
    direct: await run("direct", "", 16, 2_000),
    bulk: [await bulk(BULK_ARTICLES, 8, DEFAULT_BATCH_SIZE), await bulk(BULK_ARTICLES, 8, 1024)],
    batchAccepted: await run("batch", "?wait=false", 64, 20_000),
    // Enough connections to fill 256-leaf batches while earlier ones are being anchored.
    batchAnchored: await run("batch", "", 768, 20_000),
  };
}

/** GET /v1/verify/:cid against the same app's hello-world route, in one run of one process. */
export async function measureVerification(log: (line: string) => void): Promise<VerifyResult> {
  const service = await startServiceProcess(benchEnv("batch"));
  try {
    const bodies = await signedArticles(await domainOf(service), 0, 2_000);
    const cids: string[] = [];
    for (let i = 0; i < bodies.length; i += 200) {
      const answers = await Promise.all(
        bodies.slice(i, i + 200).map((body) =>
          fetch(`${service.url}/v1/articles?wait=false`, { method: "POST", headers: { "content-type": "application/json" }, body }).then((r) => r.json() as Promise<{ cid: string }>),
        ),
      );
      cids.push(...answers.map((a) => a.cid));
    }
    // Wait until the last batch is anchored and indexed: verify answers from the event-fed index.
    await untilVerified(service, cids.at(-1)!);
    log(`  verify and hello-world, ${VERIFY_CONNECTIONS} connections, ${SECONDS} s each, alternating…`);
    const hello = await load({ url: service.url, method: "GET", path: () => "/livez", connections: VERIFY_CONNECTIONS, seconds: SECONDS });
    const verifyWith = (connections: number) =>
      load({ url: service.url, method: "GET", path: (i) => `/v1/verify/${cids[i % cids.length]}`, connections, seconds: SECONDS });
    const verify = await verifyWith(VERIFY_CONNECTIONS);
    log(`  verify again with ${CROWDED_CONNECTIONS} connections…`);
    const crowded = await verifyWith(CROWDED_CONNECTIONS);
    return { connections: VERIFY_CONNECTIONS, verify, hello, ratio: verify.rate / hello.rate, crowded };
  } finally {
    await service.stop();
  }
}
