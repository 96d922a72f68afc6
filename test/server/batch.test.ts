import { Writable } from "node:stream";
import { expect } from "chai";
import pino from "pino";
import request from "supertest";
import { ethers } from "hardhat";
import { Wallet, ZeroHash } from "ethers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { BATCH_LEAF_ENCODING, canonicalJson, pendingReceiptClaim, receiptSchema, type PendingReceipt } from "../../protocol";
import { sampleArticle } from "../helpers/articles";
import { signRetraction } from "../helpers/registry";
import { mine, restoreAutomine, setAutomine } from "../helpers/mining";
import { until } from "../helpers/until";
import { startTestService, TEST_ADMIN_TOKEN } from "../helpers/service";

describe("batch anchoring (ANCHOR_MODE=batch)", function () {
  let ctx: Awaited<ReturnType<typeof startTestService>>;
  let n = 0;
  const next = () => sampleArticle(1000 + n++);

  beforeEach(async function () {
    // Batches of 4, or after 100 ms: small enough for tests to fill and wait for.
    ctx = await startTestService({ anchoring: { mode: "batch", batchSize: 4, batchIntervalMs: 100 } });
  });
  afterEach(async function () {
    await ctx.service.close();
  });

  const post = async (article: object, query = "") => request(ctx.app).post(`/v1/articles${query}`).send(await ctx.publishBody(article));

  describe("POST /v1/articles", function () {
    it("anchors concurrent publications in one batch transaction and answers each with 201 and its record", async function () {
      const responses = await Promise.all([next(), next(), next(), next()].map((article) => post(article)));
      expect(responses.map((r) => r.status)).to.deep.equal([201, 201, 201, 201]);
      const roots = new Set(responses.map((r) => r.body.anchor.root));
      const txs = new Set(responses.map((r) => r.body.txHash));
      expect(roots.size).to.equal(1);
      expect(txs.size).to.equal(1);
      const [root] = roots;
      expect((await ctx.registry.getBatch(root)).count).to.equal(4n);
      for (const res of responses) expect(res.body).to.include({ verified: true, status: "anchored" });
    });

    it("flushes a partial batch after the interval", async function () {
      const res = await post(next());
      expect(res.status).to.equal(201);
      expect((await ctx.registry.getBatch(res.body.anchor.root)).count).to.equal(1n);
    });

    it("verifies a batch-anchored article by CID and content, like a direct one", async function () {
      const article = next();
      const published = (await post(article)).body;
      expect((await request(ctx.app).get(`/v1/verify/${published.cid}`).expect(200)).body).to.deep.equal(published);
      expect((await request(ctx.app).post("/v1/verify").send({ article }).expect(200)).body).to.deep.equal(published);
    });

    it("answers ?wait=false with 202 and a pending receipt signed by the relayer", async function () {
      const res = await post(next(), "?wait=false");
      expect(res.status).to.equal(202);
      const receipt = receiptSchema.parse(res.body) as PendingReceipt;
      expect(receipt.status).to.equal("pending");
      expect(receipt.relayer).to.equal(ctx.admin.address);
      const signer = ethers.verifyMessage(await canonicalJson(pendingReceiptClaim(receipt)), receipt.relayerSignature);
      expect(signer).to.equal(ctx.admin.address);
      expect(await ctx.registry.hasRole(await ctx.registry.RELAYER_ROLE(), signer)).to.equal(true);
    });

    it("turns a pending receipt complete once the batch lands, with a proof the registry accepts", async function () {
      const accepted = (await post(next(), "?wait=false")).body;
      const pending = await request(ctx.app).get(`/v1/receipts/${accepted.cid}`).expect(200);
      expect(pending.body.status).to.equal("pending");

      await ctx.service.drainBatches();
      await ctx.service.syncIndex();
      const res = await request(ctx.app).get(`/v1/receipts/${accepted.cid}`).expect(200);
      const receipt = receiptSchema.parse(res.body);
      if (receipt.status !== "complete" || receipt.anchor.kind !== "batch") throw new Error(`not a complete batch receipt: ${res.text}`);
      const leaf = [receipt.contentHash, receipt.publisher, receipt.previous, receipt.signature];
      expect(StandardMerkleTree.verify(receipt.anchor.root, [...BATCH_LEAF_ENCODING], leaf, receipt.anchor.proof)).to.equal(true);
      expect(await ctx.registry.isBatchLeaf(receipt.anchor.root, receipt.anchor.proof, receipt.contentHash, receipt.publisher, receipt.previous, receipt.signature)).to.equal(true);
      const block = await ethers.provider.getBlock(receipt.anchor.blockNumber);
      expect(receipt.anchor.blockTimestamp).to.equal(block!.timestamp);
      expect((await ethers.provider.getTransactionReceipt(receipt.anchor.txHash))!.blockNumber).to.equal(receipt.anchor.blockNumber);
    });

    it("puts the same article published twice while pending into one leaf", async function () {
      const body = await ctx.publishBody(next());
      const first = await request(ctx.app).post("/v1/articles?wait=false").send(body).expect(202);
      const [second, third] = await Promise.all([
        request(ctx.app).post("/v1/articles").send(body),
        request(ctx.app).post("/v1/articles").send(body),
      ]);
      expect([second.status, third.status]).to.deep.equal([201, 201]);
      expect((await ctx.registry.getBatch(second.body.anchor.root)).count).to.equal(1n);
      expect(second.body.cid).to.equal(first.body.cid);
    });

    it("answers 409 article_pending to another publisher's publication of a text already waiting, 403 to a stranger's", async function () {
      const [, , , stranger] = await ethers.getSigners();
      await (await ctx.registry.registerPublisher(ctx.other.address, "Other Newsroom", "other.example")).wait();
      await ctx.service.syncIndex();
      const article = next();
      const accepted = await post(article, "?wait=false");
      expect(accepted.status).to.equal(202);
      const first = accepted.body;

      const second = await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(article, ctx.other)).expect(409);
      expect(second.body.error.code).to.equal("article_pending");
      const receipt = receiptSchema.parse(second.body.error.details.receipt) as PendingReceipt;
      expect(receipt).to.include({ cid: first.cid, publisher: ctx.publisher.address, signature: first.signature });
      expect(ethers.verifyMessage(await canonicalJson(pendingReceiptClaim(receipt)), receipt.relayerSignature)).to.equal(ctx.admin.address);
      const third = await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(article, stranger)).expect(403);
      expect(third.body.error.code).to.equal("publisher_not_active");

      await ctx.service.drainBatches();
      await ctx.service.syncIndex();
      const anchored = await request(ctx.app).get(`/v1/verify/${first.cid}`).expect(200);
      expect(anchored.body).to.include({ verified: true, signer: ctx.publisher.address });
      expect((await ctx.registry.getBatch(anchored.body.anchor.root)).count).to.equal(1n);
      const late = await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(article, ctx.other)).expect(409);
      expect(late.body.error.code).to.equal("article_already_anchored");
    });

    it("does not count a leaf whose publisher was revoked before its batch landed", async function () {
      const accepted = (await post(next(), "?wait=false")).body;
      await request(ctx.app).post(`/v1/publishers/${ctx.publisher.address}/revocation`).set("Authorization", `Bearer ${TEST_ADMIN_TOKEN}`).expect(200);
      await ctx.service.drainBatches();
      await ctx.service.syncIndex();
      const verified = await request(ctx.app).get(`/v1/verify/${accepted.cid}`).expect(200);
      expect(verified.body).to.include({ verified: false, status: "unknown" });
    });

    it("anchors a correction of a batched version directly, proving the batch leaf in the same call", async function () {
      const original = next();
      const first = (await post(original)).body;
      expect(first.anchor.kind).to.equal("batch");
      expect((await ctx.registry.getRecord(first.contentHash)).blockNumber).to.equal(0n);
      const fix = (text: string) => ctx.publishBody({ ...original, body: text }, ctx.publisher, first.contentHash);
      // Not batched, even with ?wait=false: a correction goes through the registry's one-history check.
      const corrected = (await request(ctx.app).post("/v1/articles?wait=false").send(await fix("First correction.")).expect(201)).body;
      expect(corrected).to.include({ status: "anchored", previous: first.contentHash });
      expect(corrected.anchor).to.deep.equal({ kind: "direct" });
      // Proven, not recorded (anchorBatchLeafCorrection): the leaf has its successor and no record.
      expect((await ctx.registry.getRecord(first.contentHash)).blockNumber).to.equal(0n);
      const { to, data } = (await ethers.provider.getTransaction(corrected.txHash))!;
      expect(to).to.equal(ctx.deployment.address);
      expect(ctx.registry.interface.parseTransaction({ data })!.name).to.equal("anchorBatchLeafCorrection");
      expect((await request(ctx.app).get(`/v1/verify/${first.cid}`)).body).to.include({ status: "superseded", latest: corrected.cid });
      expect(await ctx.registry.successorOf(first.contentHash)).to.equal(corrected.contentHash);
    });

    it("refuses a second correction of a version with the registry's error, storing nothing", async function () {
      const original = next();
      const first = (await post(original)).body;
      const fix = (text: string) => ctx.publishBody({ ...original, body: text }, ctx.publisher, first.contentHash);
      await request(ctx.app).post("/v1/articles").send(await fix("First correction.")).expect(201);
      const forkBody = await fix("Competing correction.");
      const fork = await request(ctx.app).post("/v1/articles").send(forkBody).expect(409);
      expect(fork.body.error.code).to.equal("previous_already_superseded");
      const { cid } = (await request(ctx.app).post("/v1/hash").send({ article: forkBody.article })).body;
      await request(ctx.app).get(`/v1/articles/${cid}`).expect(404);
    });

    it("retracts a batched version, recording its leaf in the same transaction", async function () {
      const first = (await post(next())).body;
      const reason = "Withdrawn by the newsroom";
      const signature = await signRetraction(ctx.publisher, ctx.deployment.address, ctx.chainId, { contentHash: first.contentHash, reason });
      const retracted = (await request(ctx.app).post(`/v1/articles/${first.cid}/retraction`).send({ reason, signature }).expect(200)).body;
      expect(retracted).to.deep.include({ status: "retracted", anchor: { kind: "batch", root: first.anchor.root } });
      expect(retracted.retraction.reason).to.equal(reason);
      expect((await ctx.registry.getRetraction(first.contentHash)).blockNumber).to.not.equal(0n);
    });

    it("answers 403 for a signer that is not an active publisher, without queueing anything", async function () {
      const res = await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(next(), ctx.other)).expect(403);
      expect(res.body.error.code).to.equal("publisher_not_active");
    });
  });

  describe("GET /v1/receipts/:cid", function () {
    it("answers 404 for an article that is neither anchored nor waiting", async function () {
      const { cid } = (await request(ctx.app).post("/v1/hash").send({ article: next() })).body;
      expect((await request(ctx.app).get(`/v1/receipts/${cid}`).expect(404)).body.error.code).to.equal("article_not_anchored");
    });
  });

  describe("a batch the chain refuses", function () {
    let refusing: Awaited<ReturnType<typeof startTestService>>;
    let retried: Promise<void>;

    beforeEach(async function () {
      // The anchorer's log line for a retry is the event this test waits for.
      let heard!: () => void;
      retried = new Promise((resolve) => (heard = resolve));
      const lines = new Writable({
        write(chunk, _encoding, done) {
          if (String(chunk).includes("trying again with the same root")) heard();
          done();
        },
      });
      refusing = await startTestService({ anchoring: { mode: "batch", batchSize: 4, batchIntervalMs: 100 }, logger: pino({ level: "warn" }, lines) });
    });
    afterEach(async function () {
      await refusing.service.close();
    });

    it("is tried again with the same root without a restart, and its 202 publications are anchored once the relayer may anchor again", async function () {
      const relayerRole = await refusing.registry.RELAYER_ROLE();
      await (await refusing.registry.revokeRole(relayerRole, refusing.admin.address)).wait();
      const accepted = await request(refusing.app).post("/v1/articles?wait=false").send(await refusing.publishBody(next())).expect(202);

      await retried;
      const waiting = await request(refusing.app).get(`/v1/receipts/${accepted.body.cid}`).expect(200);
      expect(waiting.body.status).to.equal("pending");
      const metrics = await request(refusing.app).get("/metrics").expect(200);
      expect(Number(/^provenance_batch_retries_total (\d+)$/m.exec(metrics.text)?.[1])).to.be.at.least(1);

      await (await refusing.registry.grantRole(relayerRole, refusing.admin.address)).wait();
      await refusing.service.drainBatches();
      await refusing.service.syncIndex();
      const anchored = await request(refusing.app).get(`/v1/verify/${accepted.body.cid}`).expect(200);
      expect(anchored.body).to.include({ verified: true, status: "anchored" });
      const root = anchored.body.anchor.root;
      // Once: the root the first attempt built, with its one leaf.
      expect((await refusing.registry.getBatch(root)).count).to.equal(1n);
      const file = await request(refusing.app).get(`/v1/batches/${root}`).expect(200);
      expect(file.body.leaves.map((leaf: { contentHash: string }) => leaf.contentHash)).to.deep.equal([accepted.body.contentHash]);
    });
  });
  describe("the index, applying the chain's events", function () {
    afterEach(async function () {
      await restoreAutomine();
    });

    it("keeps a batch's anchoring when anyone anchors the same leaf directly later, and goes on indexing", async function () {
      const published = (await post(next())).body;
      const file = (await request(ctx.app).get(`/v1/batches/${published.anchor.root}`).expect(200)).body;
      const leaf = file.leaves.find((l: { contentHash: string }) => l.contentHash === published.contentHash);
      // The leaf's signature is public in the batch file: a stranger submits it to anchor().
      await (await ctx.registry.connect(ctx.other).anchor(leaf.contentHash, ZeroHash, leaf.publisher, leaf.signature)).wait();

      await ctx.service.syncIndex();
      expect((await request(ctx.app).get("/healthz").expect(200)).body.status).to.equal("ok");
      const verified = (await request(ctx.app).get(`/v1/verify/${published.cid}`).expect(200)).body;
      expect(verified).to.deep.include({ verified: true, anchor: published.anchor, blockNumber: published.blockNumber });
      expect((await post(next())).status).to.equal(201);
      // Retracted through the direct record the stranger made, which names the same signer.
      const reason = "Withdrawn by the newsroom";
      const signature = await signRetraction(ctx.publisher, ctx.deployment.address, ctx.chainId, { contentHash: published.contentHash, reason });
      await request(ctx.app).post(`/v1/articles/${published.cid}/retraction`).send({ reason, signature }).expect(200);
    });

    it("does not count a leaf whose key was rotated out in the batch's own block, whichever transaction came first", async function () {
      await setAutomine(false);
      const response = await post(next(), "?wait=false");
      expect(response.status).to.equal(202);
      const accepted = response.body;
      // The relayer's anchorBatch waits in the node's pool; the registrar's rotation joins it there.
      await until("the batch transaction to reach the pool", async () => {
        const pending = (await ethers.provider.send("eth_getBlockByNumber", ["pending", false])) as { transactions: string[] };
        return pending.transactions.length > 0 ? true : undefined;
      });
      const publisherId = await ctx.registry.publisherIdOf(ctx.publisher.address);
      const rotation = await ctx.registry.rotatePublisherKey(publisherId, Wallet.createRandom().address, "0x");
      await mine();
      await setAutomine(true);
      await ctx.service.drainBatches();
      await ctx.service.syncIndex();

      const [batch] = (await request(ctx.app).get("/v1/batches").expect(200)).body.batches.slice(-1);
      expect((await rotation.wait())!.blockNumber, "the rotation and the batch share a block").to.equal(batch.blockNumber);
      const answer = (await request(ctx.app).get(`/v1/verify/${accepted.cid}`).expect(200)).body;
      expect(answer, JSON.stringify(answer)).to.include({ verified: false, status: "unknown" });
    });
  });
});
