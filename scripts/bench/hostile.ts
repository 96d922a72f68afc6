import fs from "node:fs";
import { Worker } from "node:worker_threads";
import { Wallet } from "ethers";
import { protocolDomain } from "../../protocol";
import { load, type LoadResult } from "./load";
import { startServiceProcess, type ServiceProcess } from "./serviceProcess";
import { DEMO_PUBLISHER_KEY, publicationSigner } from "./signedArticles";

/** Latency figures of a series of requests, ms. */
export interface Latency {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

export interface HostileCase {
  name: string;
  connections: number;
  load: LoadResult;
  /** GET /healthz, one request at a time, while the case's load ran. */
  health: Latency;
}

export interface HostileResult {
  cases: HostileCase[];
  /** The first history request of the largest versions: the one that computes their diff. */
  firstHistoryMs: number;
  /** The service's CPU time (every thread) per bulk item refused for its signer. */
  refusedItemCpuMs: number;
  /** The diff the history answered: word or paragraph. */
  historyDiffBy: string;
  historyBytes: number;
}

const SECONDS = 10;
const NO_LOAD: LoadResult = { rate: 0, p50: 0, p99: 0, ok: 0, failed: 0, serverErrors: 0, seconds: 0 };
const BULK_ITEMS = 1_000;
/** The body's limit in code units (docs/protocol.md): the largest version there can be. */
const LARGEST_BODY = 2_000_000;

/** `count` distinct words, the `n`th set of them: no two sets share one. */
const words = (n: number, count: number) => Array.from({ length: count }, (_, i) => `m${n}x${i}`);

/** Words in paragraphs of 100, as long as the body's limit allows. */
function largestBody(n: number): string {
  const paragraphs: string[] = [];
  let length = 0;
  for (let p = 0; length < LARGEST_BODY - 2_000; p++) {
    const paragraph = words(n * 10_000 + p, 100).join(" ");
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  return paragraphs.join("\n\n").slice(0, LARGEST_BODY).replace(/\s+\S*$/, "");
}

/** One paragraph of 1.9 MB, distinct words: a body that is a single long paragraph. */
const longParagraph = (n: number) => words(n, 1_000_000).join(" ").slice(0, 1_900_000).replace(/ \S*$/, "");

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/**
 * GET /healthz one after the other until `done` settles: what a monitor sees while the service is
 * under attack. From a thread of its own: autocannon, parsing megabytes of answers on the bench's
 * event loop, would otherwise delay the poller's own reading of its answers.
 */
async function healthWhile(url: string, done: Promise<unknown>): Promise<Latency> {
  const poller = new Worker(HEALTH_POLLER, { eval: true, workerData: { url } });
  const times = new Promise<number[]>((resolve, reject) => {
    poller.once("message", resolve);
    poller.once("error", reject);
  });
  await done.catch(() => undefined);
  poller.postMessage("stop");
  const sorted = (await times).sort((a, b) => a - b);
  await poller.terminate();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0, count: sorted.length };
}

// A connection of its own each time: one kept alive may be closed by the server just as it is
// reused, which says nothing about the service. Every 20 ms, as a load balancer would poll.
const HEALTH_POLLER = `
const { parentPort, workerData } = require("node:worker_threads");
let stopped = false;
parentPort.once("message", () => (stopped = true));
(async () => {
  const times = [];
  while (!stopped) {
    const start = performance.now();
    await (await fetch(workerData.url + "/healthz", { headers: { connection: "close" } })).arrayBuffer();
    times.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  parentPort.postMessage(times);
})();
`;

/** Runs one case's load for SECONDS, with /healthz sampled beside it. */
async function measure(
  service: ServiceProcess,
  name: string,
  connections: number,
  request: { method: "GET" | "POST"; path: (i: number) => string; bodies?: (string | Buffer)[]; amount?: number },
): Promise<HostileCase> {
  // With `amount`, that many requests however long they take (autocannon gives up on one after 10 s by default).
  const running = load({ url: service.url, connections, seconds: SECONDS, ...request, ...(request.amount !== undefined && { timeoutSeconds: 600 }) });
  const health = await healthWhile(service.url, running);
  const measured = { name, connections, load: await running, health };
  console.error(`    ${name}: p50 ${measured.load.p50} ms, p99 ${measured.load.p99} ms, ${measured.load.ok} 2xx, ${measured.load.failed} other, /healthz max ${health.max.toFixed(1)} ms`);
  return measured;
}

async function post(service: ServiceProcess, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${service.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** CPU seconds the process has used so far, every thread included (/proc/PID/stat utime + stime). */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The requests of issue 14, each as an attacker would send it, against the service as `npm start`
 * runs it: their latency, and beside it the latency of /healthz, which a load balancer polls.
 */
export async function measureHostile(log: (line: string) => void): Promise<HostileResult> {
  // Direct mode: each publication below is one transaction. No write limit: the cases repeat
  // their request far past what one client may send (the budget is measured by CPU, below).
  const service = await startServiceProcess({ ANCHOR_MODE: "direct", WRITE_RATE_LIMIT_PER_MINUTE: "0" });
  try {
    const { domain } = (await (await fetch(`${service.url}/v1/domain`)).json()) as { domain: { chainId: number; verifyingContract: `0x${string}` } };
    const protocol = protocolDomain(BigInt(domain.chainId), domain.verifyingContract);
    const sign = publicationSigner(protocol, DEMO_PUBLISHER_KEY);
    const publish = async (article: object, previous?: `0x${string}`) => {
      const signed = await sign(article, previous);
      const { status, json } = await post(service, "/v1/articles", signed.body);
      if (status !== 201) throw new Error(`publishing a bench article answered ${status}: ${JSON.stringify(json).slice(0, 300)}`);
      return { ...signed, cid: String(json.cid) };
    };
    // References for the figures below, on this machine and in this run: /healthz alone, and beside
    // the same number of connections asking the app's hello-world route.
    const idle = await healthWhile(service.url, new Promise((resolve) => setTimeout(resolve, 3_000)));
    const cases: HostileCase[] = [{ name: "(reference) nothing else", connections: 0, load: NO_LOAD, health: idle }];
    for (const connections of [10, 20]) cases.push(await measure(service, "(reference) `GET /livez`, hello-world", connections, { method: "GET", path: () => "/livez" }));

    log("  history: two versions of the largest size, nothing in common…");
    const article = { title: "The largest article", publishedAt: "2026-11-29T12:00:00Z", language: "en" };
    const first = await publish({ ...article, body: largestBody(1) });
    const second = await publish({ ...article, body: largestBody(2) }, first.contentHash);
    const started = performance.now();
    const history = await (await fetch(`${service.url}/v1/articles/${second.cid}/history`)).text();
    const firstHistoryMs = performance.now() - started;
    const historyDiffBy = String((JSON.parse(history) as { versions: { diffBy: string }[] }).versions[1]!.diffBy);
    cases.push(await measure(service, "`GET /v1/articles/:cid/history`, largest versions", 20, { method: "GET", path: () => `/v1/articles/${second.cid}/history` }));

    log("  quotes: five articles of one 1.9 MB paragraph…");
    const paragraphs = Array.from({ length: 5 }, (_, n) => longParagraph(100 + n));
    for (const [n, body] of paragraphs.entries()) await publish({ title: `One long paragraph ${n}`, body, publishedAt: "2026-11-29T12:00:00Z", language: "en" });
    const quotes = (changed: boolean) =>
      Array.from({ length: 200 }, (_, i) => {
        const paragraph = paragraphs[i % paragraphs.length]!.split(" ");
        const at = (i * 797) % (paragraph.length - 12);
        const chosen = paragraph.slice(at, at + 12);
        if (changed) chosen[6] = "altered";
        return JSON.stringify({ text: chosen.join(" ") });
      });
    cases.push(await measure(service, "`POST /v1/verify/quote`, 12 words found in a 1.9 MB paragraph", 10, { method: "POST", path: () => "/v1/verify/quote", bodies: quotes(false) }));
    cases.push(await measure(service, "the same with one word changed (closest passage)", 10, { method: "POST", path: () => "/v1/verify/quote", bodies: quotes(true) }));

    log("  quotes: 1,000 distinct CJK words, reversed, against 20 paragraphs that hold them in order…");
    const cjk = Array.from({ length: 1_000 }, (_, i) => String.fromCodePoint(0x4e00 + i));
    await publish({ title: "CJK", body: Array.from({ length: 20 }, () => cjk.join(" ")).join("\n\n"), publishedAt: "2026-11-29T12:00:00Z", language: "zh" });
    const reversed = JSON.stringify({ text: [...cjk].reverse().join(" ") });
    cases.push(await measure(service, "`POST /v1/verify/quote`, 1,000 CJK words reversed", 10, { method: "POST", path: () => "/v1/verify/quote", bodies: [reversed] }));

    log("  a NUL in a quote, and a body that is not UTF-8…");
    const nul = JSON.stringify({ text: "levant 600\u0000millions d'euros de plus" });
    cases.push(await measure(service, "`POST /v1/verify/quote` with a NUL", 10, { method: "POST", path: () => "/v1/verify/quote", bodies: [nul] }));
    const [head, tail] = JSON.stringify({ article: { title: "Tram vote", body: "The council voted.", publishedAt: "2026-11-29T09:00:00Z" } }).split("council");
    const notUtf8 = Buffer.concat([Buffer.from(head!), Buffer.from([0xc0, 0xaf]), Buffer.from(tail!)]);
    cases.push(await measure(service, "`POST /v1/hash`, a body that is not UTF-8", 10, { method: "POST", path: () => "/v1/hash", bodies: [notUtf8] }));

    log(`  bulk: ${BULK_ITEMS} items signed by an unregistered key…`);
    const stranger = publicationSigner(protocol, Wallet.createRandom().privateKey);
    const bulks: string[] = [];
    for (let b = 0; b < 4; b++) {
      const items = await Promise.all(
        Array.from({ length: BULK_ITEMS }, async (_, i) => (await stranger({ title: `Stranger ${b}-${i}`, body: "Not a publisher's.", publishedAt: "2026-11-29T12:00:00Z" })).body),
      );
      bulks.push(JSON.stringify({ items }));
    }
    const cpuBefore = cpuSeconds(service.pid);
    const refused = await measure(service, `\`POST /v1/articles/bulk\`, ${BULK_ITEMS} items of an unregistered key`, 1, {
      method: "POST",
      path: () => "/v1/articles/bulk",
      bodies: bulks,
      amount: bulks.length,
    });
    const refusedItemCpuMs = ((cpuSeconds(service.pid) - cpuBefore) * 1000) / ((refused.load.ok + refused.load.failed) * BULK_ITEMS);
    cases.push(refused);
    return { cases, firstHistoryMs, refusedItemCpuMs, historyDiffBy, historyBytes: Buffer.byteLength(history) };
  } finally {
    await service.stop();
  }
}
