import { expect } from "chai";
import { ethers } from "hardhat";
import { formatEther } from "ethers";
import request from "supertest";
import { ChainUnavailableError } from "../../server/errors";
import { createMetrics } from "../../server/metrics";
import { frenchArticle, idOf, sampleArticle } from "../helpers/articles";
import { startTestService, TEST_ADMIN_TOKEN } from "../helpers/service";

/** The value of one sample in Prometheus text, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? "").split(",");
    if (wanted.every((label) => present.includes(label))) return Number(match[3]);
  }
  return undefined;
}

describe("metrics", function () {
  let ctx: Awaited<ReturnType<typeof startTestService>>;
  const scrape = async () => (await request(ctx.app).get("/metrics").expect(200)).text;

  before(async function () {
    ctx = await startTestService();
  });
  after(async function () {
    await ctx.service.close();
  });

  describe("GET /metrics", function () {
    it("answers in the Prometheus text format", async function () {
      const res = await request(ctx.app).get("/metrics").expect(200).expect("Content-Type", /^text\/plain; version=0\.0\.4/);
      expect(res.text).to.contain("# TYPE provenance_publishes_total counter");
      expect(res.text).to.contain("# TYPE provenance_http_request_duration_seconds histogram");
      expect(res.text).to.contain("# TYPE provenance_relayer_resends_total counter");
      expect(res.text).to.contain("# TYPE process_cpu_user_seconds_total counter");
    });

    it("reads the relayer's balance on each scrape", async function () {
      const expected = Number(formatEther(await ethers.provider.getBalance(ctx.admin.address)));
      expect(sample(await scrape(), "provenance_relayer_balance_ether")).to.be.closeTo(expected, 1e-9);
    });
  });

  describe("publishes", function () {
    it("are counted by outcome: anchored, or the error code", async function () {
      const app = request(ctx.app);
      await app.post("/v1/articles").send(await ctx.publishBody(frenchArticle())).expect(201);
      await app.post("/v1/articles").send(await ctx.publishBody(frenchArticle())).expect(409);
      await app.post("/v1/articles").send(await ctx.publishBody(sampleArticle(1), ctx.other)).expect(403);
      await app.post("/v1/articles").send({ article: frenchArticle() }).expect(400);
      const text = await scrape();
      expect(sample(text, "provenance_publishes_total", { outcome: "anchored" })).to.equal(1);
      expect(sample(text, "provenance_publishes_total", { outcome: "article_already_anchored" })).to.equal(1);
      expect(sample(text, "provenance_publishes_total", { outcome: "publisher_not_active" })).to.equal(1);
      expect(sample(text, "provenance_publishes_total", { outcome: "invalid_request" })).to.equal(1);
    });
  });

  describe("verifications", function () {
    it("are counted by outcome: the provenance status, or the error code", async function () {
      const { cid } = await idOf(frenchArticle());
      const app = request(ctx.app);
      await app.get(`/v1/verify/${cid}`).expect(200);
      await app.post("/v1/verify").send({ article: frenchArticle() }).expect(200);
      await app.post("/v1/verify").send({ article: sampleArticle(2) }).expect(200);
      await app.get("/v1/verify/not-a-cid").expect(400);
      const text = await scrape();
      expect(sample(text, "provenance_verifications_total", { outcome: "anchored" })).to.equal(2);
      expect(sample(text, "provenance_verifications_total", { outcome: "unknown" })).to.equal(1);
      expect(sample(text, "provenance_verifications_total", { outcome: "invalid_identifier" })).to.equal(1);
    });
  });

  describe("request latency", function () {
    it("is labelled with the route pattern, never the raw URL", async function () {
      const { cid } = await idOf(sampleArticle(3));
      await request(ctx.app).get(`/v1/verify/${cid}`).expect(200);
      await request(ctx.app).get(`/no/such/${cid}`).expect(404);
      const text = await scrape();
      expect(sample(text, "provenance_http_request_duration_seconds_count", { method: "GET", route: "/v1/verify/:id", status: "200" })).to.be.at.least(1);
      expect(sample(text, "provenance_http_request_duration_seconds_count", { method: "GET", route: "unmatched", status: "404" })).to.be.at.least(1);
      expect(text).to.not.contain(cid);
    });
  });

  describe("chain errors", function () {
    it("count requests that failed to reach the chain", async function () {
      const { publishers } = ctx.service.deps;
      const register = publishers.register;
      publishers.register = () => Promise.reject(new ChainUnavailableError({ message: "the node is down" }));
      try {
        const body = { address: ethers.Wallet.createRandom().address, name: "Down", domain: "down.example" };
        await request(ctx.app).post("/v1/publishers").set("Authorization", `Bearer ${TEST_ADMIN_TOKEN}`).send(body).expect(503);
      } finally {
        publishers.register = register;
      }
      expect(sample(await scrape(), "provenance_chain_errors_total", { operation: "http" })).to.equal(1);
    });

    it("count the indexer's failures to read the chain", async function () {
      const { indexer } = ctx.service.deps;
      const sync = indexer.sync;
      // Waits for the indexer's next poll to fail, however long a busy machine makes it wait.
      const failed = new Promise<void>((resolve) => {
        indexer.sync = () => {
          resolve();
          return Promise.reject(new Error("the node is down"));
        };
      });
      try {
        await failed;
        // The poll's catch runs once the rejection has gone through the microtask queue: before any macrotask.
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        indexer.sync = sync;
      }
      expect(sample(await scrape(), "provenance_chain_errors_total", { operation: "index" })).to.be.at.least(1);
    });

    it("count a relayer balance that cannot be read, which is then reported as unknown (NaN)", async function () {
      const metrics = createMetrics({ relayerBalance: () => Promise.reject(new Error("the node is down")) });
      expect(sample(await metrics.registry.metrics(), "provenance_relayer_balance_ether")).to.be.NaN;
      // Metrics are collected concurrently: the failure shows from the next scrape on.
      expect(sample(await metrics.registry.metrics(), "provenance_chain_errors_total", { operation: "relayer_balance" })).to.equal(1);
    });
  });

  describe("createMetrics", function () {
    it("gives each service its own registry, so that instances never count into each other", async function () {
      const balance = { relayerBalance: async () => 10n ** 18n };
      const [one, two] = [createMetrics(balance), createMetrics(balance)];
      one.batchSize.observe(3);
      one.batchSize.observe(5);
      expect(sample(await one.registry.metrics(), "provenance_batch_size_sum")).to.equal(8);
      expect(sample(await two.registry.metrics(), "provenance_batch_size_count")).to.equal(0);
      expect(sample(await two.registry.metrics(), "provenance_relayer_balance_ether")).to.equal(1);
    });
  });
});
