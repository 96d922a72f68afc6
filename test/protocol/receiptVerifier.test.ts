import { expect } from "chai";
import request from "supertest";
import { Wallet } from "ethers";
import { NO_PREVIOUS, checkReceiptOffline, verifyReceipt, type CompleteReceipt, type Hex } from "../../protocol";
import { frenchArticle, idOf, sampleArticle } from "../helpers/articles";
import { KEY_1, startExternalChain } from "../helpers/externalChain";
import { signPublication } from "../helpers/registry";

describe("verifyReceipt (with the service stopped)", function () {
  let chain: Awaited<ReturnType<typeof startExternalChain>>;
  const receipts: Record<"direct" | "batch" | "pending", Record<string, unknown>> = { direct: {}, batch: {}, pending: {} };
  const batchArticle = sampleArticle(1);

  before(async function () {
    chain = await startExternalChain();
    const publisher = new Wallet(KEY_1);
    const body = async (article: object) => {
      const { contentHash } = await idOf(article);
      const signature = await signPublication(publisher, chain.deployment.address, 31337n, { contentHash, previous: NO_PREVIOUS });
      return { article, signature };
    };

    const direct = await chain.service();
    const published = await request(direct.app).post("/v1/articles").send(await body(frenchArticle())).expect(201);
    receipts.direct = (await request(direct.app).get(`/v1/receipts/${published.body.cid}`).expect(200)).body;
    await direct.close();

    const batched = await chain.service({ anchoring: { mode: "batch", batchSize: 8, batchIntervalMs: 60_000 } });
    receipts.pending = (await request(batched.app).post("/v1/articles?wait=false").send(await body(batchArticle)).expect(202)).body;
    await Promise.all([2, 3, 4].map(async (n) => request(batched.app).post("/v1/articles?wait=false").send(await body(sampleArticle(n))).expect(202)));
    await batched.drainBatches();
    await batched.syncIndex();
    receipts.batch = (await request(batched.app).get(`/v1/receipts/${receipts.pending.cid}`).expect(200)).body;
    await batched.close();
    // From here on only the chain answers: no service, no database.
    await chain.registry.revokePublisher(1).then((tx) => tx.wait());
  });
  after(async function () {
    await chain?.stop();
  });

  for (const kind of ["direct", "batch"] as const) {
    it(`accepts a complete ${kind} receipt, checking the publisher was active at its block although revoked since`, async function () {
      const verdict = await verifyReceipt(receipts[kind], chain.provider);
      expect(verdict.checks.filter((c) => !c.ok)).to.deep.equal([]);
      expect(verdict).to.include({ valid: true, status: "complete" });
      expect(verdict.checks.find((c) => c.name === "publisher")?.detail).to.contain("Demo Newsroom (demo.example) was active");
    });
  }

  it("issues receipts that pass every offline check of the protocol module, strict schema included", async function () {
    for (const kind of ["direct", "batch", "pending"] as const) {
      const { checks } = await checkReceiptOffline(receipts[kind]);
      expect(checks.filter((c) => !c.ok), kind).to.deep.equal([]);
      expect(checks.map((c) => c.name), kind).to.include.members(kind === "pending" ? ["format", "relayer signature"] : ["format", "signature"]);
    }
  });

  it("recomputes the CID from the article when one is given", async function () {
    expect((await verifyReceipt(receipts.batch, chain.provider, batchArticle)).valid).to.equal(true);
    const tampered = { ...batchArticle, body: batchArticle.body.replace("two", "three") };
    const verdict = await verifyReceipt(receipts.batch, chain.provider, tampered);
    expect(verdict.valid).to.equal(false);
    expect(verdict.checks.find((c) => c.name === "article")?.ok).to.equal(false);
  });

  it("rejects a tampered proof", async function () {
    const receipt = structuredClone(receipts.batch) as unknown as CompleteReceipt & { anchor: { proof: Hex[] } };
    receipt.anchor.proof[0] = `0x${"ab".repeat(32)}`;
    const verdict = await verifyReceipt(receipt, chain.provider);
    expect(verdict.valid).to.equal(false);
    expect(verdict.checks.filter((c) => !c.ok).map((c) => c.name)).to.include.members(["proof", "inclusion"]);
  });

  it("rejects a receipt that claims another publisher or another block", async function () {
    const forged = { ...receipts.direct, publisher: Wallet.createRandom().address };
    expect((await verifyReceipt(forged, chain.provider)).checks.filter((c) => !c.ok).map((c) => c.name)).to.include.members(["signature", "publisher"]);
    const moved = structuredClone(receipts.direct) as unknown as CompleteReceipt;
    moved.anchor.blockNumber -= 1;
    expect((await verifyReceipt(moved, chain.provider)).valid).to.equal(false);
  });

  it("rejects a receipt whose transaction did not emit the registry's event for it", async function () {
    // Another successful transaction, with its own block and timestamp: the publisher's registration.
    const registration = (await chain.registry.queryFilter(chain.registry.filters.PublisherRegistered()))[0]!;
    const block = (await chain.provider.getBlock(registration.blockNumber))!;
    const moved = structuredClone(receipts.direct) as unknown as CompleteReceipt;
    moved.anchor = { ...moved.anchor, txHash: registration.transactionHash as Hex, blockNumber: block.number, blockTimestamp: block.timestamp };
    const verdict = await verifyReceipt(moved, chain.provider);
    expect(verdict.valid).to.equal(false);
    expect(verdict.checks.filter((c) => !c.ok).map((c) => c.name)).to.include("event");
    expect(verdict.checks.find((c) => c.name === "transaction")?.ok).to.equal(true);
  });

  it("reports a pending receipt as a valid promise by a relayer, but not as anchored", async function () {
    const verdict = await verifyReceipt(receipts.pending, chain.provider);
    expect(verdict).to.include({ valid: false, status: "pending" });
    expect(verdict.checks.filter((c) => !c.ok).map((c) => c.name)).to.deep.equal(["anchored"]);
  });

  it("rejects a malformed receipt or an unknown format", async function () {
    for (const bad of [{}, { ...receipts.direct, format: "newsprov-receipt-v0" }, "not json"]) {
      expect(await verifyReceipt(bad, chain.provider)).to.include({ valid: false, status: "malformed" });
    }
  });
});
