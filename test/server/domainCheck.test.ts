import { once } from "node:events";
import { expect } from "chai";
import { network } from "hardhat";
import request from "supertest";
import { Wallet } from "ethers";
import { parseStatementOrigins, type Hex } from "../../protocol";
import type { DomainChecker } from "../../server/domains/domainChecker";
import type { DomainCheckRow } from "../../server/store/domainChecks";
import { sampleArticle } from "../helpers/articles";
import { signKeyRotation } from "../helpers/registry";
import { startTestService, TEST_ADMIN_TOKEN, useTestService } from "../helpers/service";
import { hang, serve, startStatementServer, statementOf, type StatementServer } from "../helpers/statementServer";

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/** The next check recorded for this publisher. */
async function nextCheck(checker: DomainChecker, publisherId: number): Promise<DomainCheckRow> {
  for (;;) {
    const [row] = (await once(checker, "checked")) as [DomainCheckRow];
    if (row.publisherId === publisherId) return row;
  }
}

describe("domain checks: a publisher's /.well-known/newsprov.json", function () {
  let newsroom: StatementServer;
  before(async function () {
    newsroom = await startStatementServer();
  });
  after(async function () {
    await newsroom.close();
  });

  // Every domain of these tests is served by the one local server; each test says what it answers.
  const domains = ["confirmed", "removed", "missing", "big", "slow", "rotated", "cooldown", "rebuilt"].map((name) => `${name}.example`);
  const origins = () => parseStatementOrigins(domains.map((domain) => `${domain}=${newsroom.origin}`).join(","));

  describe("at registration, on request and at a rotation", function () {
    // A getter: the newsroom's port is known only once the outer before() has run.
    const ctx = useTestService({ get domainChecks() {
      return { intervalMs: 0, timeoutMs: 300, requestCooldownMs: 0, origins: origins() };
    } });
    const listing = (keys: Hex[]) => serve(statementOf(ctx.chainId, ctx.deployment.address, keys));
    const register = async (key: Hex, domain: string) =>
      (await request(ctx.app).post("/v1/publishers").set(admin).send({ address: key, name: domain.split(".")[0]!, domain }).expect(201)).body;
    const check = async (key: Hex) => (await request(ctx.app).post(`/v1/publishers/${key}/domain-check`).expect(200)).body;

    it("is confirmed when the file lists this chain, registry and key, and every answer naming the publisher says so", async function () {
      const key = Wallet.createRandom().address as Hex;
      newsroom.answer(listing([key]));
      const registered = await register(key, "confirmed.example");
      expect(registered.domainCheck).to.include({ status: "confirmed", url: `${newsroom.origin}/.well-known/newsprov.json`, reason: null });
      expect(Date.parse(registered.domainCheck.checkedAt)).to.be.a("number").and.not.NaN;
      expect((await request(ctx.app).get(`/v1/publishers/${key}`).expect(200)).body.domainCheck).to.deep.equal(registered.domainCheck);
      const listed = (await request(ctx.app).get("/v1/publishers").expect(200)).body.publishers;
      expect(listed.find((publisher: { address: string }) => publisher.address === key).domainCheck.status).to.equal("confirmed");
    });

    it("is not_listed once the newsroom removes the key from its file", async function () {
      const key = Wallet.createRandom().address as Hex;
      newsroom.answer(listing([key]));
      await register(key, "removed.example");
      newsroom.answer(listing([Wallet.createRandom().address as Hex]));
      const checked = await check(key);
      expect(checked.domainCheck.status).to.equal("not_listed");
      expect(checked.domainCheck.reason).to.contain(key);
    });

    it("is unreachable when the file is missing", async function () {
      const key = Wallet.createRandom().address as Hex;
      newsroom.answer((_req, res) => void res.writeHead(404).end("Not Found"));
      const registered = await register(key, "missing.example");
      expect(registered.domainCheck).to.include({ status: "unreachable", reason: `${newsroom.origin}/.well-known/newsprov.json answered HTTP 404` });
    });

    it("is unreachable for a file that is too big, or that does not come in time", async function () {
      const key = Wallet.createRandom().address as Hex;
      newsroom.answer(serve(" ".repeat(64 * 1024 + 1)));
      expect((await register(key, "big.example")).domainCheck.reason).to.contain("larger than 65536 bytes");
      const slow = Wallet.createRandom().address as Hex;
      newsroom.answer(hang);
      expect((await register(slow, "slow.example")).domainCheck).to.include({ status: "unreachable", reason: "no answer within 300 ms" });
    });

    it("is not_listed after a rotation to a key the file does not list yet, and confirmed once it does", async function () {
      const [oldKey, newKey] = [Wallet.createRandom(), Wallet.createRandom()];
      newsroom.answer(listing([oldKey.address as Hex]));
      const registered = await register(oldKey.address as Hex, "rotated.example");
      expect(registered.domainCheck.status).to.equal("confirmed");
      const signature = await signKeyRotation(oldKey, ctx.deployment.address, ctx.chainId, { publisherId: registered.id, newKey: newKey.address as Hex, nonce: 0n });
      const rotated = (await request(ctx.app).post(`/v1/publishers/${oldKey.address}/rotation`).send({ newKey: newKey.address, signature }).expect(200)).body;
      expect(rotated.domainCheck.status).to.equal("not_listed");
      newsroom.answer(listing([oldKey.address as Hex, newKey.address as Hex]));
      expect((await check(newKey.address as Hex)).domainCheck.status).to.equal("confirmed");
    });

    it("names the check in the provenance of the publisher's articles", async function () {
      const record = (await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(sampleArticle(1))).expect(201)).body;
      // The demo publisher was registered on chain directly and never checked: demo.example is unreachable anyway.
      expect(record.publisher.domainCheck).to.deep.equal({ status: "unchecked", checkedAt: null, url: "https://demo.example/.well-known/newsprov.json", reason: null });
      const verified = (await request(ctx.app).get(`/v1/verify/${record.cid}`).expect(200)).body;
      expect(verified.publisher.domainCheck.status).to.equal("unchecked");
    });

    it("answers 404 for a key no publisher ever had, and fetches nothing", async function () {
      const before = newsroom.requests.length;
      const res = await request(ctx.app).post(`/v1/publishers/${Wallet.createRandom().address}/domain-check`).expect(404);
      expect(res.body.error.code).to.equal("not_found");
      expect(newsroom.requests.length).to.equal(before);
    });

    it("keeps its checks when the index is rebuilt from the chain", async function () {
      const key = Wallet.createRandom().address as Hex;
      newsroom.answer(listing([key]));
      const registered = await register(key, "rebuilt.example");
      // A block the index reads, then taken away: the follower drops its index and rebuilds it from the events.
      const snapshot = await network.provider.send("evm_snapshot");
      await network.provider.send("hardhat_mine", ["0x1"]);
      await ctx.service.syncIndex();
      await network.provider.send("evm_revert", [snapshot]);
      await network.provider.send("hardhat_mine", ["0x2"]);
      await ctx.service.syncIndex();
      expect((await request(ctx.app).get(`/v1/publishers/${key}`).expect(200)).body.domainCheck).to.deep.equal(registered.domainCheck);
    });
  });

  describe("asked for too often", function () {
    const ctx = useTestService({ get domainChecks() {
      return { intervalMs: 0, timeoutMs: 300, requestCooldownMs: 60_000, origins: origins() };
    } });

    it("fetches a publisher's file at most once per cooldown: 429 domain_check_too_soon with Retry-After", async function () {
      const key = Wallet.createRandom().address as Hex;
      newsroom.answer(serve(statementOf(ctx.chainId, ctx.deployment.address, [key])));
      await request(ctx.app).post("/v1/publishers").set(admin).send({ address: key, name: "Cooldown", domain: "cooldown.example" }).expect(201);
      const fetched = newsroom.requests.length;
      const res = await request(ctx.app).post(`/v1/publishers/${key}/domain-check`).expect(429);
      expect(res.body.error.code).to.equal("domain_check_too_soon");
      expect(Number(res.headers["retry-after"])).to.be.within(1, 60);
      expect(newsroom.requests.length).to.equal(fetched);
    });
  });

  describe("in the background", function () {
    const ctx = useTestService({ get domainChecks() {
      return { intervalMs: 200, timeoutMs: 300, requestCooldownMs: 0, origins: origins() };
    } });

    it("checks every active publisher again each interval: a file updated since shows", async function () {
      const key = ctx.other.address as Hex;
      newsroom.answer((_req, res) => void res.writeHead(404).end());
      await (await ctx.registry.registerPublisher(key, "Removed", "removed.example")).wait();
      await ctx.service.syncIndex();
      const id = Number(await ctx.registry.publisherIdOf(key));
      expect((await nextCheck(ctx.service.domainChecks, id)).status).to.equal("unreachable");
      newsroom.answer(serve(statementOf(ctx.chainId, ctx.deployment.address, [key])));
      let check = await nextCheck(ctx.service.domainChecks, id);
      // A round under way when the file changed may still report the old answer; the next one sees the new.
      if (check.status !== "confirmed") check = await nextCheck(ctx.service.domainChecks, id);
      expect(check.status).to.equal("confirmed");
      expect((await request(ctx.app).get(`/v1/publishers/${key}`).expect(200)).body.domainCheck.status).to.equal("confirmed");
    });

  });

  describe("when the service stops", function () {
    it("aborts a check under way and records nothing of it", async function () {
      const ctx = await startTestService({ domainChecks: { intervalMs: 200, timeoutMs: 60_000, requestCooldownMs: 0, origins: origins() } });
      const id = Number(await ctx.registry.publisherIdOf(ctx.publisher.address));
      newsroom.answer(hang);
      const reached = newsroom.nextRequest();
      await (await ctx.registry.registerPublisher(ctx.other.address, "Slow", "slow.example")).wait();
      await ctx.service.syncIndex();
      await reached;
      let recorded = 0;
      ctx.service.domainChecks.on("checked", (row) => void (row.publisherId !== id && recorded++));
      // Within mocha's timeout, far under the fetch's 60 s: close() does not wait for the newsroom.
      await ctx.service.close();
      expect(recorded).to.equal(0);
    });
  });
});
