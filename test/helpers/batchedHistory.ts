import { once } from "node:events";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { Wallet } from "ethers";
import { NO_PREVIOUS, type ContentHash } from "../../protocol";
import { idOf, sampleArticle } from "./articles";
import { KEY_1, startExternalChain } from "./externalChain";
import { signPublication, signRetraction } from "./registry";

/**
 * A history with everything batch mode does, on a `hardhat node` the CLI reaches by URL: first
 * versions in batches of 4, a correction of a batched version, a retraction of another, published
 * through a batch-mode service that listens on a free port and keeps its files in `dataDir`.
 */
export async function startBatchedHistory() {
  const chain = await startExternalChain();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-batched-"));
  const service = await chain.service({ dataDir, anchoring: { mode: "batch", batchSize: 4, batchIntervalMs: 100 } });
  const server = service.app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publisher = new Wallet(KEY_1);
  const sign = (contentHash: ContentHash, previous: ContentHash = NO_PREVIOUS) =>
    signPublication(publisher, chain.deployment.address, 31337n, { contentHash, previous });
  let n = 0;

  /** Publishes `count` first versions at once: they share batches. */
  const publishBatched = async (count: number) =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const article = sampleArticle(5000 + n++);
        const { contentHash } = await idOf(article);
        const res = await request(service.app).post("/v1/articles").send({ article, signature: await sign(contentHash) }).expect(201);
        return { article, contentHash, cid: res.body.cid as string, root: res.body.anchor.root as string };
      }),
    );

  const first = await publishBatched(8);
  const corrected = { ...first[0]!.article, body: `${first[0]!.article.body}\n\nCorrected.` };
  const correction = await idOf(corrected);
  await request(service.app)
    .post("/v1/articles")
    .send({ article: corrected, previous: first[0]!.cid, signature: await sign(correction.contentHash, first[0]!.contentHash) })
    .expect(201);
  const reason = "The figures were wrong.";
  const retraction = await signRetraction(publisher, chain.deployment.address, 31337n, { contentHash: first[1]!.contentHash, reason });
  await request(service.app).post(`/v1/articles/${first[1]!.cid}/retraction`).send({ reason, signature: retraction }).expect(200);

  const stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await service.close();
    await chain.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { chain, service, url, dataDir, first, correction, publishBatched, stop };
}

export type BatchedHistory = Awaited<ReturnType<typeof startBatchedHistory>>;
