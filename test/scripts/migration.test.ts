import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Wallet, ZeroHash } from "ethers";
import { PUBLIC_TEST_ACCOUNTS } from "../../protocol";
import { ArticleRegistry__factory } from "../../typechain-types";
import { KEY_1 } from "../helpers/keys";
import { npmStart, type NpmStart } from "../helpers/npmStart";

// test/fixtures/legacy-data-dir was written by `npm start` as it was before the operator had keys
// of its own (commit d9a5aa7): public key #0 deployed the registry and held every role. On it: the
// demo publisher and its French article, "Le Quotidien" registered through the admin API (on
// Hardhat's public key #2), a block of two wallet transfers and an empty block, sent through the
// chain port when it still took evm_setAutomine and evm_mine.
const FIXTURE = path.join(__dirname, "..", "fixtures", "legacy-data-dir");
const LEGACY_REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const FRENCH_CID = "bagaaiera6b7ir4tg7egvbfu3uar6voinuizqt2ws6dwtjp2cst6x2szxwwtq";
type Json = any;

describe("npm start on a data dir of an earlier version", function () {
  this.timeout(5 * 60_000);
  let dataDir: string;
  let service: NpmStart;

  const operatorKey = (role: string) => JSON.parse(fs.readFileSync(path.join(dataDir, "keys", `${role}.json`), "utf8")).address as string;
  const roleHolders = async () => {
    const registry = ArticleRegistry__factory.connect(LEGACY_REGISTRY, service.chain);
    const roles = [ZeroHash, await registry.REGISTRAR_ROLE(), await registry.RELAYER_ROLE()];
    const accounts = [...PUBLIC_TEST_ACCOUNTS, operatorKey("admin"), operatorKey("relayer")];
    const holders: Record<string, number[]> = {};
    for (const account of accounts) {
      const held = (await Promise.all(roles.map((role) => registry.hasRole(role, account)))).flatMap((has, i) => (has ? [i] : []));
      if (held.length > 0) holders[account] = held;
    }
    return holders;
  };

  before(async function () {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-legacy-"));
    fs.cpSync(FIXTURE, dataDir, { recursive: true });
    service = await npmStart({ DATA_DIR: dataDir });
  });
  after(async function () {
    try {
      await service?.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("replays the old journal, multi-transaction and empty blocks included, and keeps its registry", async function () {
    expect(service.child.output()).to.contain("(6 blocks replayed)");
    expect(service.printed("Registry")).to.equal(LEGACY_REGISTRY);
    const [twoTransfers, empty] = await Promise.all([service.chain.getBlock(5), service.chain.getBlock(6)]);
    expect([twoTransfers!.transactions.length, empty!.transactions.length]).to.deep.equal([2, 0]);
  });

  it("hands every role of public key #0 to the operator's new keys, and no public account keeps any", async function () {
    expect(service.child.output()).to.contain("roles handed over from Hardhat's public key #0");
    // Indexes into [DEFAULT_ADMIN_ROLE, REGISTRAR_ROLE, RELAYER_ROLE].
    expect(await roleHolders()).to.deep.equal({ [operatorKey("admin")]: [0, 1], [operatorKey("relayer")]: [2] });
  });

  it("keeps its publishers and the article anchored before, and anchors with the new relayer", async function () {
    const { publishers } = await service.getJson("/v1/publishers");
    expect(publishers.map((p: Json) => [p.name, p.active])).to.deep.equal([["Demo Newsroom", true], ["Le Quotidien", true]]);
    expect(await service.getJson(`/v1/verify/${FRENCH_CID}`)).to.deep.include({ verified: true, status: "anchored" });
    const article = { title: "After the migration", body: "Anchored by the operator's own relayer.", publishedAt: "2026-12-01T12:00:00Z" };
    const published = await service.post("/v1/articles", await service.signAsDemo(article));
    expect(published.status).to.equal(201);
    const { txHash } = (await published.json()) as Json;
    expect((await service.chain.getTransaction(txHash))!.from).to.equal(operatorKey("relayer"));
    expect(new Wallet(KEY_1).address).to.equal(publishers[0].address);
  });

  it("replays the hand-over at the next start, with nothing left to hand over", async function () {
    const holders = await roleHolders();
    await service.stop();
    service = await npmStart({ DATA_DIR: dataDir });
    expect(service.child.output()).to.not.contain("roles handed over");
    expect(service.child.output()).to.not.contain("generated now");
    expect(await roleHolders()).to.deep.equal(holders);
  });
});
