import { jsonRpcProvider } from "../../protocol";
import { verifyReceipt } from "../../protocol";
import { protocolDomain } from "../../protocol";
import { benchEnv, BULK_ITEMS, cidOf, publishesCounted, untilVerified } from "./http";
import { load } from "./load";
import { startServiceProcess, type ServiceProcess } from "./serviceProcess";
import { benchArticle } from "./signedArticles";
import { SigningThread } from "./signingThread";

/** The service's memory once the first `articles` were anchored and indexed, in the same run. */
export interface ScaleCheckpoint {
  articles: number;
  /** VmHWM: the most the service held at any time so far. */
  peakRssBytes: number;
  /**
   * VmRSS, sampled every 250 ms since the previous checkpoint: its lowest (after a full GC, what the
   * service keeps plus the requests in flight) and its highest. A service that keeps more and more
   * raises the lowest; one whose garbage peaks raises only the highest.
   */
  rss: { min: number; max: number };
  dbBytes: number;
  /** Seconds since the first request. */
  seconds: number;
}

export interface ScaleResult {
  articles: number;
  /** Seconds until the last 202 answer. */
  acceptSeconds: number;
  /** Seconds until the last article was anchored and indexed. */
  anchorSeconds: number;
  dbBytes: number;
  peakRssBytes: number;
  checkpoints: ScaleCheckpoint[];
  sampled: number;
  receiptsValid: number;
  receiptSeconds: number;
}

/** Articles per range signed and sent at once: 40 bulk requests. */
const RANGE = 20_000;
const CONNECTIONS = 8;
/**
 * How long a bulk request may take before it counts as failed: with 8 connections, 4,000 articles are
 * in flight, a few seconds' work on this machine; autocannon's 10 s cut two of 600 requests in a run
 * while other work shared the cores, and the service accepted their articles all the same.
 */
const REQUEST_TIMEOUT_SECONDS = 60;

/** Where the scale run reads the service's memory: the first range, then every 100,000. */
export const scaleCheckpoints = (count: number) => [...new Set([Math.min(RANGE, count), ...[100_000, 200_000].filter((n) => n < count), count])];

/**
 * Publishes `count` articles in batch mode in one service process, range after range with no pause
 * between them (the next range is signed on a thread while the service takes the last), reading the
 * service's memory at each checkpoint; then checks a random sample through receipts and RPC alone.
 */
export async function measureScale(count: number, sample: number, log: (line: string) => void): Promise<ScaleResult> {
  const service = await startServiceProcess(benchEnv("batch"));
  let signing: SigningThread | undefined;
  let sampling: ReturnType<typeof rssSampler> | undefined;
  try {
    const { domain } = (await (await fetch(`${service.url}/v1/domain`)).json()) as { domain: { chainId: number; verifyingContract: `0x${string}` } };
    const signer = (signing = new SigningThread(protocolDomain(BigInt(domain.chainId), domain.verifyingContract)));
    const checkpoints: ScaleCheckpoint[] = [];
    const wanted = scaleCheckpoints(count);
    const range = (from: number) => signer.sign(from, Math.min(RANGE, count - from));
    log(`  publishing ${count} articles (batch mode, POST /v1/articles/bulk?wait=false, ${BULK_ITEMS} a request), signed ${RANGE} at a time on a thread…`);
    let next = range(0);
    // Once the first range is signed: the clock measures the service, not the bench's signing.
    let requests = await next;
    const started = performance.now();
    const rss = (sampling = rssSampler(service));
    let failedRequests = 0;
    let acceptSeconds = 0;
    for (let from = 0; from < count; from += RANGE) {
      const published = Math.min(from + RANGE, count);
      if (published < count) next = range(published);
      const result = await load({
        url: service.url,
        method: "POST",
        path: () => "/v1/articles/bulk?wait=false",
        bodies: requests,
        connections: CONNECTIONS,
        seconds: 3_600,
        amount: requests.length,
        timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
      });
      failedRequests += result.failed;
      acceptSeconds = (performance.now() - started) / 1000;
      if (wanted.includes(published)) {
        await untilVerified(service, await cidOf(JSON.stringify({ article: benchArticle(published - 1) })));
        const seconds = (performance.now() - started) / 1000;
        const checkpoint = { articles: published, peakRssBytes: service.peakRss(), rss: rss.take(), dbBytes: service.dataSize(), seconds };
        checkpoints.push(checkpoint);
        const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
        log(`    ${published} anchored in ${seconds.toFixed(0)} s: peak RSS ${mib(checkpoint.peakRssBytes)}, RSS since the last ${mib(checkpoint.rss.min)} to ${mib(checkpoint.rss.max)}`);
      }
      if (published < count) requests = await next;
    }
    const last = checkpoints.at(-1)!;
    const accepted = await publishesCounted(service, "pending");
    if (accepted !== count || failedRequests > 0) throw new Error(`${count - accepted} of ${count} publications were not accepted (${failedRequests} requests failed)`);
    const picks = Array.from({ length: sample }, () => Math.floor(Math.random() * count));
    log(`  checking ${sample} receipts with verify-receipt logic against the chain's JSON-RPC…`);
    const provider = jsonRpcProvider(service.chainUrl);
    const receiptStart = performance.now();
    let receiptsValid = 0;
    for (const i of picks) {
      const receipt = await (await fetch(`${service.url}/v1/receipts/${await cidOf(JSON.stringify({ article: benchArticle(i) }))}`)).json();
      if ((await verifyReceipt(receipt, provider)).valid) receiptsValid++;
    }
    provider.destroy();
    return {
      articles: count,
      acceptSeconds,
      anchorSeconds: last.seconds,
      dbBytes: service.dataSize(),
      peakRssBytes: service.peakRss(),
      checkpoints,
      sampled: sample,
      receiptsValid,
      receiptSeconds: (performance.now() - receiptStart) / 1000,
    };
  } finally {
    sampling?.stop();
    await signing?.close();
    await service.stop();
  }
}

/** The service's VmRSS every 250 ms: the lowest and highest since the last `take`. */
function rssSampler(service: ServiceProcess) {
  let range = { min: Infinity, max: 0 };
  const sample = () => {
    const bytes = service.rss();
    range = { min: Math.min(range.min, bytes), max: Math.max(range.max, bytes) };
  };
  const timer = setInterval(sample, 250);
  return {
    take() {
      sample();
      const taken = range;
      range = { min: Infinity, max: 0 };
      return taken;
    },
    stop: () => clearInterval(timer),
  };
}
