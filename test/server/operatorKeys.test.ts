import { expect } from "chai";
import { Writable } from "node:stream";
import { parseEther, Wallet } from "ethers";
import { ethers } from "hardhat";
import pino from "pino";
import request from "supertest";
import { sampleArticle } from "../helpers/articles";
import { KEY_0 } from "../helpers/keys";
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from "../helpers/service";

/** A logger whose warnings the test reads back. */
function warningsLog(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: "warn" }, sink), lines };
}

/** A key of its own, holding `ether` of the test chain's currency (sent by Hardhat's account #0). */
async function keyWith(ether: string): Promise<Wallet> {
  const key = new Wallet(Wallet.createRandom().privateKey, ethers.provider);
  const [funder] = await ethers.getSigners();
  if (ether !== "0") await (await funder!.sendTransaction({ to: key.address, value: parseEther(ether) })).wait();
  return key;
}

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe("the operator's keys", function () {
  let ctx: TestService | undefined;
  afterEach(async function () {
    await ctx?.service.close();
    ctx = undefined;
  });

  describe("a relayer with no funds", function () {
    it("is named at start, reported by /healthz, and a publish answers 503 relayer_insufficient_funds storing nothing", async function () {
      const relayer = await keyWith("0");
      const log = warningsLog();
      ctx = await startTestService({ relayer, registrar: new Wallet(KEY_0, ethers.provider), logger: log.logger });
      const warning = log.lines.map((line) => JSON.parse(line)).find((line) => line.code === "relayer_insufficient_funds");
      expect(warning, log.lines.join("")).to.include({ account: relayer.address });
      expect(warning.msg).to.include(`the relayer key ${relayer.address} holds 0.0`);

      const health = await request(ctx.app).get("/healthz").expect(200);
      expect(health.body.status).to.equal("ok");
      const [relayerKey, registrarKey] = health.body.operatorKeys;
      expect(relayerKey).to.deep.include({ address: relayer.address, uses: ["relayer"], balanceWei: "0" });
      expect(relayerKey.problems.map((p: { code: string }) => p.code)).to.deep.equal(["relayer_insufficient_funds"]);
      expect(registrarKey).to.deep.include({ uses: ["registrar"], problems: [] });

      const body = await ctx.publishBody(sampleArticle(1));
      const refused = await request(ctx.app).post("/v1/articles").send(body).expect(503);
      expect(refused.body.error.code).to.equal("relayer_insufficient_funds");
      expect(refused.body.error.details).to.deep.equal({ account: relayer.address });
      const cid = (await request(ctx.app).post("/v1/hash").send({ article: body.article }).expect(200)).body.cid;
      await request(ctx.app).get(`/v1/articles/${cid}`).expect(404);

      // Funded while the service runs: the same request succeeds, with no restart.
      const [funder] = await ethers.getSigners();
      await (await funder!.sendTransaction({ to: relayer.address, value: parseEther("1") })).wait();
      await request(ctx.app).post("/v1/articles").send(body).expect(201);
    });
  });

  describe("a registrar without REGISTRAR_ROLE", function () {
    it("is reported by /healthz, and a registration answers 503 relayer_missing_role naming the role", async function () {
      const registrar = await keyWith("1");
      ctx = await startTestService({ registrar, relayer: new Wallet(KEY_0, ethers.provider) });
      const health = await request(ctx.app).get("/healthz").expect(200);
      const registrarKey = health.body.operatorKeys.find((key: { uses: string[] }) => key.uses.includes("registrar"));
      expect(registrarKey.address).to.equal(registrar.address);
      expect(registrarKey.problems).to.have.length(1);
      expect(registrarKey.problems[0].code).to.equal("relayer_missing_role");
      expect(registrarKey.problems[0].message).to.include(`newsprov roles grant registrar ${registrar.address}`);

      const newsroom = Wallet.createRandom();
      const refused = await request(ctx.app)
        .post("/v1/publishers")
        .set(admin)
        .send({ address: newsroom.address, name: "Le Quotidien", domain: "quotidien.example" })
        .expect(503);
      expect(refused.body.error.code).to.equal("relayer_missing_role");
      expect(refused.body.error.details).to.deep.equal({ account: registrar.address, role: "REGISTRAR_ROLE" });
      await request(ctx.app).get(`/v1/publishers/${newsroom.address}`).expect(404);
    });
  });

  describe("a relayer without RELAYER_ROLE", function () {
    it("is reported in batch mode, where it anchors the roots, and not in direct mode, where it needs no role", async function () {
      const relayer = await keyWith("1");
      const registrar = new Wallet(KEY_0, ethers.provider);
      ctx = await startTestService({ relayer, registrar, anchoring: { mode: "batch", batchSize: 4, batchIntervalMs: 100 } });
      const batched = (await request(ctx.app).get("/healthz").expect(200)).body.operatorKeys[0];
      expect(batched.problems.map((p: { message: string }) => p.message)).to.deep.equal([
        `the relayer key ${relayer.address} lacks the registry's RELAYER_ROLE: an admin grants it with newsprov roles grant relayer ${relayer.address}`,
      ]);
      await ctx.service.close();

      ctx = await startTestService({ relayer, registrar });
      const direct = (await request(ctx.app).get("/healthz").expect(200)).body.operatorKeys[0];
      expect(direct).to.deep.include({ address: relayer.address, problems: [] });
    });
  });
});
