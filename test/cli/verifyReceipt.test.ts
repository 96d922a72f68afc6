import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import request from "supertest";
import { Wallet } from "ethers";
import { NO_PREVIOUS, type Hex } from "../../protocol";
import { frenchArticle, idOf } from "../helpers/articles";
import { KEY_1, startExternalChain } from "../helpers/externalChain";
import { signPublication, signRetraction } from "../helpers/registry";
import { serve, startStatementServer, statementOf, type StatementServer } from "../helpers/statementServer";
import { expectOneLineError, jsonOf, runCli } from "./cli";

describe("newsprov verify-receipt and reindex (service stopped)", function () {
  let chain: Awaited<ReturnType<typeof startExternalChain>>;
  let dir: string;
  let receiptFile: string;
  let articleFile: string;

  before(async function () {
    chain = await startExternalChain();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-receipt-"));
    const service = await chain.service({ dataDir: dir, anchoring: { mode: "batch", batchSize: 4, batchIntervalMs: 100 } });
    const article = frenchArticle();
    const { contentHash, cid } = await idOf(article);
    const signature = await signPublication(new Wallet(KEY_1), chain.deployment.address, 31337n, { contentHash, previous: NO_PREVIOUS });
    await request(service.app).post("/v1/articles").send({ article, signature }).expect(201);
    const receipt = await request(service.app).get(`/v1/receipts/${cid}`).expect(200);
    await service.close();
    receiptFile = path.join(dir, "receipt.json");
    articleFile = path.join(dir, "article.json");
    fs.writeFileSync(receiptFile, JSON.stringify(receipt.body));
    fs.writeFileSync(articleFile, JSON.stringify(article));
  });
  after(async function () {
    await chain?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("accepts the receipt and the article with only the chain's JSON-RPC endpoint, and exits 0", async function () {
    const run = await runCli(["verify-receipt", receiptFile, "--article", articleFile, "--rpc", chain.url]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain("Receipt valid");
    expect(run.stdout).to.match(/ok\s+publisher\s+Demo Newsroom \(demo\.example\) was active/);
  });

  it("checks the receipt offline, with no endpoint at all, and refuses a tampered proof (--offline)", async function () {
    const run = await runCli(["verify-receipt", receiptFile, "--article", articleFile, "--offline"]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain("Receipt valid: the offline checks pass");
    expect(run.stdout).to.match(/ok\s+proof\s+the proof leads to 0x/);
    const receipt = JSON.parse(fs.readFileSync(receiptFile, "utf8"));
    const tampered = path.join(dir, "tampered-proof.json");
    fs.writeFileSync(tampered, JSON.stringify({ ...receipt, anchor: { ...receipt.anchor, root: `0x${"ab".repeat(32)}` } }));
    const failed = await runCli(["verify-receipt", tampered, "--offline", "--json"]);
    expect(failed.code).to.not.equal(0);
    const verdict = jsonOf(failed) as { valid: boolean; checks: { name: string; ok: boolean }[] };
    expect(verdict.valid).to.equal(false);
    expect(verdict.checks.filter((check) => !check.ok).map((check) => check.name)).to.deep.equal(["proof"]);
  });

  it("rejects a tampered article with a non-zero exit and says which check failed (--json)", async function () {
    const tampered = path.join(dir, "tampered.json");
    const article = frenchArticle();
    fs.writeFileSync(tampered, JSON.stringify({ ...article, body: article.body.replace("600 millions", "700 millions") }));
    const run = await runCli(["verify-receipt", receiptFile, "--article", tampered, "--rpc", chain.url, "--json"]);
    expect(run.code).to.equal(1);
    const verdict = jsonOf<{ valid: boolean; checks: { name: string; ok: boolean }[] }>(run);
    expect(verdict.valid).to.equal(false);
    expect(verdict.checks.filter((c) => !c.ok).map((c) => c.name)).to.deep.equal(["article"]);
  });

  describe("--check-domain", function () {
    let newsroom: StatementServer;
    let env: Record<string, string>;
    const demoKey = new Wallet(KEY_1).address as Hex;
    before(async function () {
      // demo.example's web server, on loopback: the CLI is told where with NEWSPROV_WELL_KNOWN_ORIGINS.
      newsroom = await startStatementServer();
      env = { NEWSPROV_WELL_KNOWN_ORIGINS: `demo.example=${newsroom.origin}` };
    });
    after(async function () {
      await newsroom?.close();
    });
    const checkDomain = (...more: string[]) => runCli(["verify-receipt", receiptFile, "--rpc", chain.url, "--check-domain", ...more], env);

    it("fetches the publisher's file itself and exits 0 when it lists the identity's key on this chain and registry", async function () {
      newsroom.answer(serve(statementOf(31337, chain.deployment.address, [demoKey])));
      const run = await checkDomain();
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain(`ok    domain            ${newsroom.origin}/.well-known/newsprov.json lists the identity's current key ${demoKey}`);
      expect(newsroom.requests).to.deep.equal(["GET /.well-known/newsprov.json"]);
    });

    it("exits 1 when the file does not list the key, is missing or too big, saying which (--json)", async function () {
      newsroom.answer(serve(statementOf(31337, chain.deployment.address, [Wallet.createRandom().address as Hex])));
      const notListed = await checkDomain("--json");
      expect(notListed.code).to.equal(1);
      expect(jsonOf(notListed)).to.deep.include({ valid: true });
      expect(jsonOf(notListed).domainCheck).to.include({ status: "not_listed", name: "Demo Newsroom", domain: "demo.example", key: demoKey });
      newsroom.answer((_req, res) => void res.writeHead(404).end());
      const missing = await checkDomain();
      expect(missing.code).to.equal(1);
      expect(missing.stdout).to.contain(`FAIL  domain            unreachable: ${newsroom.origin}/.well-known/newsprov.json answered HTTP 404`);
      newsroom.answer(serve(" ".repeat(64 * 1024 + 1)));
      expect((await checkDomain()).stdout).to.contain("is larger than 65536 bytes");
    });

    it("refuses a malformed NEWSPROV_WELL_KNOWN_ORIGINS with one line", async function () {
      const run = await runCli(["verify-receipt", receiptFile, "--rpc", chain.url, "--check-domain"], { NEWSPROV_WELL_KNOWN_ORIGINS: "demo.example" });
      expectOneLineError(run, 1, /NEWSPROV_WELL_KNOWN_ORIGINS: "demo\.example": +is not an http or https origin/);
    });
  });

  it("fails with one line for an unreadable receipt or an unreachable endpoint", async function () {
    expectOneLineError(await runCli(["verify-receipt", path.join(dir, "missing.json"), "--rpc", chain.url]), 1, /cannot read a JSON receipt/);
    expectOneLineError(await runCli(["verify-receipt", receiptFile, "--rpc", "http://127.0.0.1:9"]), 1, /cannot check against/);
  });

  it("reindex rebuilds the service's chain index from the registry's events", async function () {
    const run = await runCli([
      "reindex",
      "--data-dir",
      dir,
      "--rpc",
      chain.url,
      "--registry",
      chain.deployment.address,
      "--start-block",
      String(chain.deployment.blockNumber),
      "--json",
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect(jsonOf<{ anchors: number; publishers: number }>(run)).to.include({ anchors: 1, publishers: 1 });
  });
});

describe("newsprov verify-receipt: what the chain says of the version now", function () {
  let chain: Awaited<ReturnType<typeof startExternalChain>>;
  let dir: string;
  const files: Record<"first" | "correction", string> = { first: "", correction: "" };
  let correctionCid: string;
  const reason = "Le montant n'a pas pu être confirmé.";

  before(async function () {
    chain = await startExternalChain();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-receipt-status-"));
    const service = await chain.service({ dataDir: dir, anchoring: { mode: "batch", batchSize: 4, batchIntervalMs: 100 } });
    const publisher = new Wallet(KEY_1);
    const article = frenchArticle();
    const corrected = { ...article, body: article.body.replace("600 millions", "700 millions") };
    const first = await idOf(article);
    const second = await idOf(corrected);
    correctionCid = second.cid;
    const sign = (contentHash: Hex, previous: Hex) => signPublication(publisher, chain.deployment.address, 31337n, { contentHash, previous });
    // The first version in a batch, its correction directly (recording the batch leaf), then the correction retracted.
    await request(service.app).post("/v1/articles").send({ article, signature: await sign(first.contentHash, NO_PREVIOUS) }).expect(201);
    await request(service.app).post("/v1/articles").send({ article: corrected, signature: await sign(second.contentHash, first.contentHash), previous: first.cid }).expect(201);
    const retraction = await signRetraction(publisher, chain.deployment.address, 31337n, { contentHash: second.contentHash, reason });
    await request(service.app).post(`/v1/articles/${second.cid}/retraction`).send({ reason, signature: retraction }).expect(200);
    for (const [name, cid] of [["first", first.cid], ["correction", second.cid]] as const) {
      files[name] = path.join(dir, `${name}.json`);
      fs.writeFileSync(files[name], JSON.stringify((await request(service.app).get(`/v1/receipts/${cid}`).expect(200)).body));
    }
    await service.close();
  });
  after(async function () {
    await chain?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("says a valid receipt's version was superseded, by which CID, and exits 3", async function () {
    const run = await runCli(["verify-receipt", files.first, "--rpc", chain.url]);
    expect(run.code, run.stdout + run.stderr).to.equal(3);
    expect(run.stdout).to.contain("Receipt valid");
    expect(run.stdout).to.contain(`SUPERSEDED: a correction replaced it, ${correctionCid}`);
  });

  it("says a valid receipt's version was retracted, when and why, and exits 4", async function () {
    const run = await runCli(["verify-receipt", files.correction, "--rpc", chain.url, "--json"]);
    expect(run.code, run.stdout + run.stderr).to.equal(4);
    const verdict = jsonOf<{ valid: boolean; current: { status: string; retraction: { reason: string } } }>(run);
    expect(verdict).to.deep.include({ valid: true });
    expect(verdict.current).to.deep.include({ status: "retracted" });
    expect(verdict.current.retraction.reason).to.equal(reason);
  });
});
