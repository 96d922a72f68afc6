import { protocolDomain } from "../../server/protocol";
import { load, type LoadResult } from "./load";
import { startServiceProcess, type ServiceProcess } from "./serviceProcess";
import { signedArticles } from "./signedArticles";

export interface PublishResult {
  direct: LoadResult;
  /** Batch mode, answering 202 with a signed pending receipt (?wait=false). */
  batchAccepted: LoadResult;
  /** Batch mode, each request waiting for its batch to be anchored (201). */
  batchAnchored: LoadResult;
}

export interface VerifyResult {
  verify: LoadResult;
  hello: LoadResult;
  ratio: number;
}

// A run ends after this long, or when its distinct signed articles run out.
const SECONDS = 10;

async function domainOf(service: ServiceProcess) {
  const { domain } = (await (await fetch(`${service.url}/v1/domain`)).json()) as { domain: { chainId: number; verifyingContract: `0x${string}` } };
  return protocolDomain(BigInt(domain.chainId), domain.verifyingContract);
}

const benchEnv = (mode: "direct" | "batch") => ({ ANCHOR_MODE: mode, WRITE_RATE_LIMIT_PER_MINUTE: "0" });

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
  return {
    direct: await run("direct", "", 16, 2_000),
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
    while (!((await (await fetch(`${service.url}/v1/verify/${cids.at(-1)}`)).json()) as { verified: boolean }).verified) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    log(`  verify and hello-world, 32 connections, ${SECONDS} s each, alternating…`);
    const hello = await load({ url: service.url, method: "GET", path: () => "/livez", connections: 32, seconds: SECONDS });
    const verify = await load({ url: service.url, method: "GET", path: (i) => `/v1/verify/${cids[i % cids.length]}`, connections: 32, seconds: SECONDS });
    return { verify, hello, ratio: verify.rate / hello.rate };
  } finally {
    await service.stop();
  }
}
