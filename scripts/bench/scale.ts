import { jsonRpcProvider } from "../../server/chain/jsonRpcProvider";
import { verifyReceipt } from "../../server/chain/receiptVerifier";
import { identifyArticle, parseArticle, protocolDomain } from "../../server/protocol";
import { load } from "./load";
import { startServiceProcess } from "./serviceProcess";
import { signedArticles } from "./signedArticles";

export interface ScaleResult {
  articles: number;
  /** Seconds until the last 202 answer. */
  acceptSeconds: number;
  /** Seconds until the last article was anchored and indexed. */
  anchorSeconds: number;
  dbBytes: number;
  peakRssBytes: number;
  sampled: number;
  receiptsValid: number;
  receiptSeconds: number;
}

async function cidOf(body: string): Promise<string> {
  const parsed = parseArticle((JSON.parse(body) as { article: unknown }).article);
  if (!parsed.success) throw new Error("benchmark article is invalid");
  return (await identifyArticle(parsed.article)).cid;
}

/** Publishes `count` articles in batch mode in one run, then checks a random sample through receipts and RPC alone. */
export async function measureScale(count: number, sample: number, log: (line: string) => void): Promise<ScaleResult> {
  const service = await startServiceProcess({ ANCHOR_MODE: "batch", WRITE_RATE_LIMIT_PER_MINUTE: "0" });
  try {
    const { domain } = (await (await fetch(`${service.url}/v1/domain`)).json()) as { domain: { chainId: number; verifyingContract: `0x${string}` } };
    log(`  signing ${count} articles…`);
    const bodies = await signedArticles(protocolDomain(BigInt(domain.chainId), domain.verifyingContract), 0, count);
    log(`  publishing ${count} articles (batch mode, ?wait=false)…`);
    const started = performance.now();
    const result = await load({ url: service.url, method: "POST", path: () => "/v1/articles?wait=false", bodies, connections: 64, seconds: 3_600, amount: count });
    const acceptSeconds = (performance.now() - started) / 1000;
    if (result.ok !== count) throw new Error(`only ${result.ok} of ${count} publications were accepted`);

    const picks = Array.from({ length: sample }, () => Math.floor(Math.random() * count));
    const lastCid = await cidOf(bodies[count - 1]!);
    while (!((await (await fetch(`${service.url}/v1/verify/${lastCid}`)).json()) as { verified: boolean }).verified) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const anchorSeconds = (performance.now() - started) / 1000;

    log(`  checking ${sample} receipts with verify-receipt logic against the chain's JSON-RPC…`);
    const provider = jsonRpcProvider(service.chainUrl);
    const receiptStart = performance.now();
    let receiptsValid = 0;
    for (const i of picks) {
      const receipt = await (await fetch(`${service.url}/v1/receipts/${await cidOf(bodies[i]!)}`)).json();
      if ((await verifyReceipt(receipt, provider)).valid) receiptsValid++;
    }
    provider.destroy();
    return {
      articles: count,
      acceptSeconds,
      anchorSeconds,
      dbBytes: service.dataSize(),
      peakRssBytes: service.peakRss(),
      sampled: sample,
      receiptsValid,
      receiptSeconds: (performance.now() - receiptStart) / 1000,
    };
  } finally {
    await service.stop();
  }
}
