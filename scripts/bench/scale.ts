import { jsonRpcProvider } from "../../protocol";
import { verifyReceipt } from "../../protocol";
import { protocolDomain } from "../../protocol";
import { benchEnv, cidOf, publishInBulk } from "./http";
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

/** Publishes `count` articles in batch mode in one run, then checks a random sample through receipts and RPC alone. */
export async function measureScale(count: number, sample: number, log: (line: string) => void): Promise<ScaleResult> {
  const service = await startServiceProcess(benchEnv("batch"));
  try {
    const { domain } = (await (await fetch(`${service.url}/v1/domain`)).json()) as { domain: { chainId: number; verifyingContract: `0x${string}` } };
    log(`  signing ${count} articles…`);
    const bodies = await signedArticles(protocolDomain(BigInt(domain.chainId), domain.verifyingContract), 0, count);
    log(`  publishing ${count} articles (batch mode, POST /v1/articles/bulk?wait=false)…`);
    const published = await publishInBulk(service, bodies, 8);
    if (published.failed > 0) throw new Error(`${published.failed} of ${count} publications were not accepted`);
    const picks = Array.from({ length: sample }, () => Math.floor(Math.random() * count));
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
      acceptSeconds: published.acceptSeconds,
      anchorSeconds: published.anchorSeconds,
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
