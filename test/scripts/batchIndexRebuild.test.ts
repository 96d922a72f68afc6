import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Wallet } from "ethers";
import { protocolDomain, signRetraction, type Hex } from "../../protocol";
import { idOf, sampleArticle } from "../helpers/articles";
import { DEMO_KEY, npmStart, type NpmStart } from "../helpers/npmStart";
import { runCli } from "../cli/cli";

type Json = any; // The service's answers, compared whole.

/**
 * The promise of the README for batch mode: the database is an index that the chain and the batch
 * files rebuild. 20 batched articles, one corrected and one retracted; then the index is lost.
 */
describe("npm start in batch mode: a lost index rebuilt from the chain and the batch files", function () {
  this.timeout(10 * 60_000);
  const BATCH_MODE = { ANCHOR_MODE: "batch", BATCH_SIZE: "4", BATCH_INTERVAL_MS: "100" };
  let dataDir: string;
  let mirrorDir: string;
  let service: NpmStart | undefined;
  const cids: string[] = [];
  /** What the service answered for each version before its index was lost. */
  const before_: { verify: Json; receipt: Json }[] = [];

  const loseIndex = (options: { batches: boolean }) => {
    for (const name of fs.readdirSync(dataDir)) if (/\.sqlite/.test(name)) fs.rmSync(path.join(dataDir, name));
    if (options.batches) fs.rmSync(path.join(dataDir, "batches"), { recursive: true });
    // The chain's journal and the operator's keys stay: they are the chain and the roles.
    expect(fs.readdirSync(dataDir).sort()).to.deep.equal(options.batches ? ["chain-31337.jsonl", "keys"] : ["batches", "chain-31337.jsonl", "keys"]);
  };

  const answersOf = async (running: NpmStart) =>
    Promise.all(cids.map(async (cid) => ({ verify: await running.getJson(`/v1/verify/${cid}`), receipt: await running.getJson(`/v1/receipts/${cid}`) })));

  // Every fact of the chain as before; the domain check is what the service last observed, and may be newer.
  const chainFacts = ({ verify, receipt }: Json) => ({ verify: { ...verify, publisher: { ...verify.publisher, domainCheck: undefined } }, receipt });

  before(async function () {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-batch-rebuild-"));
    mirrorDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-batch-mirror-"));
    service = await npmStart({ DATA_DIR: dataDir, ...BATCH_MODE });
    const articles = Array.from({ length: 20 }, (_, i) => sampleArticle(700 + i));
    const answers = await Promise.all(articles.map(async (article) => service!.post("/v1/articles", await service!.signAsDemo(article))));
    for (const answer of answers) expect(answer.status, await answer.clone().text()).to.equal(201);
    const first = await Promise.all(articles.map(idOf));
    cids.push(...first.map((id) => id.cid));

    const corrected = { ...articles[0]!, body: `${articles[0]!.body}\n\nCorrected.` };
    const correction = await service.post("/v1/articles", { ...(await service.signAsDemo(corrected, first[0]!.contentHash)), previous: first[0]!.cid });
    expect(correction.status, await correction.clone().text()).to.equal(201);
    cids.push((await idOf(corrected)).cid);
    const { domain } = await service.getJson("/v1/domain");
    const reason = "The sample was wrong.";
    const retraction = await signRetraction(new Wallet(DEMO_KEY), protocolDomain(BigInt(domain.chainId), domain.verifyingContract as Hex), { contentHash: first[1]!.contentHash, reason });
    expect((await service.post(`/v1/articles/${first[1]!.cid}/retraction`, { reason, signature: retraction })).status).to.equal(200);

    before_.push(...(await answersOf(service)));
    expect(before_.map((a) => a.verify.status)).to.deep.equal(["superseded", "retracted", ...Array(18).fill("anchored"), "anchored"]);
    expect(new Set(before_.slice(0, 20).map((a) => a.verify.anchor.root)).size).to.be.greaterThan(1);

    const mirrored = await runCli(["mirror", mirrorDir, "--server", service.base, "--rpc", service.chainUrl]);
    expect(mirrored.code, mirrored.stdout + mirrored.stderr).to.equal(0);
    await service.stop();
    service = undefined;
  });
  afterEach(async function () {
    await service?.stop();
    service = undefined;
  });
  after(function () {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(mirrorDir, { recursive: true, force: true });
  });

  it("from its own archive (DATA_DIR/batches): every article verifies with its status, and its receipt is the same", async function () {
    loseIndex({ batches: false });
    service = await npmStart({ DATA_DIR: dataDir, ...BATCH_MODE });
    expect((await answersOf(service)).map(chainFacts)).to.deep.equal(before_.map(chainFacts));
  });

  it("from a mirror (BATCH_SOURCE), the archive lost too: every article verifies with its status, and its receipt is the same", async function () {
    loseIndex({ batches: true });
    service = await npmStart({ DATA_DIR: dataDir, ...BATCH_MODE, BATCH_SOURCE: mirrorDir });
    expect((await answersOf(service)).map(chainFacts)).to.deep.equal(before_.map(chainFacts));
    // The files it followed are its own again, to serve and to rebuild from.
    expect(fs.readdirSync(path.join(dataDir, "batches")).sort()).to.deep.equal(fs.readdirSync(mirrorDir).filter((name) => name.startsWith("0x")).sort());
  });
});
