import { once } from "node:events";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import request from "supertest";
import { Wallet } from "ethers";
import pino from "pino";
import { jsonRpcProvider, NO_PREVIOUS, type ContentHash } from "../../protocol";
import { WRITE_ROUTES } from "../../server/middleware/readOnly";
import { createReplica, type Replica } from "../../server/replica";
import type { Service } from "../../server/service";
import { idOf, sampleArticle } from "../helpers/articles";
import { KEY_1, startExternalChain } from "../helpers/externalChain";
import { signPublication, signRetraction } from "../helpers/registry";

type Json = any; // The two services' answers, compared whole.

describe("a read replica (READ_ONLY=1) beside the primary, on one chain", function () {
  this.timeout(10 * 60_000);
  const COUNT = 1_000;
  let chain: Awaited<ReturnType<typeof startExternalChain>>;
  let primary: Service;
  let replica: Replica;
  let primaryUrl: string;
  let closePrimaryHttp: () => Promise<void>;
  const dirs: string[] = [];
  const cids: string[] = [];
  let corrected: { cid: string; passage: string };
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-replica-"));
    dirs.push(dir);
    return dir;
  };

  before(async function () {
    chain = await startExternalChain();
    primary = await chain.service({ dataDir: tempDir(), anchoring: { mode: "batch", batchSize: 256, batchIntervalMs: 200 }, domainChecks: { intervalMs: 0 } });
    const server = primary.app.listen(0, "127.0.0.1");
    await once(server, "listening");
    primaryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closePrimaryHttp = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    };

    const publisher = new Wallet(KEY_1);
    const sign = (contentHash: ContentHash, previous: ContentHash = NO_PREVIOUS) =>
      signPublication(publisher, chain.deployment.address, 31337n, { contentHash, previous });
    const articles = Array.from({ length: COUNT }, (_, i) => sampleArticle(20_000 + i));
    const ids = await Promise.all(articles.map(idOf));
    const items = await Promise.all(articles.map(async (article, i) => ({ article, signature: await sign(ids[i]!.contentHash) })));
    const bulk = await request(primary.app).post("/v1/articles/bulk?wait=false").send({ items }).expect(200);
    expect(bulk.body.summary).to.deep.equal({ accepted: COUNT, failed: 0 });
    await primary.drainBatches();
    cids.push(...ids.map((id) => id.cid));

    // A correction of a batched version, and a retraction of another: both anchored directly.
    const correction = { ...articles[0]!, body: `${articles[0]!.body}\n\nA corrected paragraph for the replica to quote.` };
    const correctionId = await idOf(correction);
    await request(primary.app)
      .post("/v1/articles")
      .send({ article: correction, previous: ids[0]!.cid, signature: await sign(correctionId.contentHash, ids[0]!.contentHash) })
      .expect(201);
    cids.push(correctionId.cid);
    corrected = { cid: correctionId.cid, passage: "A corrected paragraph for the replica to quote." };
    const reason = "Withdrawn.";
    const retraction = await signRetraction(publisher, chain.deployment.address, 31337n, { contentHash: ids[1]!.contentHash, reason });
    await request(primary.app).post(`/v1/articles/${ids[1]!.cid}/retraction`).send({ reason, signature: retraction }).expect(200);

    replica = await createReplica({
      provider: jsonRpcProvider(chain.url),
      registryAddress: chain.deployment.address,
      startBlock: chain.deployment.blockNumber,
      dataDir: tempDir(),
      batchSource: { kind: "url", base: primaryUrl },
      articleSource: primaryUrl,
      confirmations: 0,
      indexerPollMs: 100,
      maxBodyBytes: 1024 * 1024,
      logger: pino({ level: "silent" }),
      domainChecks: { intervalMs: 0 },
    });
    await replica.syncIndex();
    await replica.syncTexts();
  });
  after(async function () {
    await replica?.close();
    await closePrimaryHttp?.();
    await primary?.close();
    await chain?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  const both = async (route: string): Promise<[Json, Json]> => {
    const [a, b] = await Promise.all([request(primary.app).get(route), request(replica.app).get(route)]);
    return [{ status: a.status, body: a.body }, { status: b.status, body: b.body }];
  };

  it(`answers verify for each of the ${COUNT + 1} versions exactly as the primary does`, async function () {
    for (const cid of cids) {
      const [fromPrimary, fromReplica] = await both(`/v1/verify/${cid}`);
      expect(fromReplica, cid).to.deep.equal(fromPrimary);
    }
    const statuses = await Promise.all(cids.slice(0, 3).map(async (cid) => (await request(replica.app).get(`/v1/verify/${cid}`)).body.status));
    expect(statuses).to.deep.equal(["superseded", "retracted", "anchored"]);
  });

  it("answers receipts, texts, history, publishers and batches as the primary does", async function () {
    for (const cid of cids) {
      for (const route of [`/v1/receipts/${cid}`, `/v1/articles/${cid}`]) {
        const [fromPrimary, fromReplica] = await both(route);
        expect(fromPrimary.status, route).to.equal(200);
        expect(fromReplica, route).to.deep.equal(fromPrimary);
      }
    }
    for (const route of [`/v1/articles/${corrected.cid}/history`, "/v1/publishers", "/v1/batches?limit=100"]) {
      const [fromPrimary, fromReplica] = await both(route);
      expect(fromReplica, route).to.deep.equal(fromPrimary);
    }
  });

  it("finds a quote in the texts it fetched, as the primary does", async function () {
    const ask = (app: Service["app"]) => request(app).post("/v1/verify/quote").send({ text: corrected.passage });
    const [fromPrimary, fromReplica] = await Promise.all([ask(primary.app), ask(replica.app)]);
    expect(fromPrimary.status).to.equal(200);
    expect(fromReplica.body).to.deep.equal(fromPrimary.body);
    expect(JSON.stringify(fromReplica.body)).to.contain(corrected.cid);
  });

  it("refuses every write route with 403 read_only, and stores nothing", async function () {
    const blockBefore = await chain.provider.getBlockNumber();
    for (const route of WRITE_ROUTES) {
      const url = route.replace(":cid", cids[2]!).replace(":address", new Wallet(KEY_1).address);
      const res = await request(replica.app).post(url).set("authorization", "Bearer anything-at-all-0123456789").send({});
      expect(res.status, url).to.equal(403);
      expect(res.body.error.code, url).to.equal("read_only");
    }
    expect(await chain.provider.getBlockNumber()).to.equal(blockBefore);
  });

  it("refuses a write before reading its body: not JSON, too large or malformed, it is still 403 read_only", async function () {
    const bodies = [
      { type: "text/plain", body: "not json" },
      { type: "application/json", body: "{" },
      { type: "application/json", body: `"${"x".repeat(8 * 1024 * 1024)}"` },
    ];
    for (const { type, body } of bodies) {
      const res = await request(replica.app).post("/v1/articles").set("content-type", type).send(body);
      expect(res.status, type).to.equal(403);
      expect(res.body.error.code).to.equal("read_only");
    }
  });

  it("lists every POST operation of the API as a write it refuses or a read it answers", async function () {
    const document = (await request(replica.app).get("/openapi.json").expect(200)).body;
    const posts = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .filter(([, operations]) => "post" in operations)
      .map(([route]) => route.replace(/\{(\w+)\}/g, ":$1"));
    const reads = ["/v1/hash", "/v1/verify", "/v1/verify/quote", "/v1/publishers/:address/domain-check"];
    expect([...posts].sort()).to.deep.equal([...WRITE_ROUTES, ...reads].sort());
  });
});
