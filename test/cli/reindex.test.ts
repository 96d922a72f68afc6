import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { englishArticle, frenchArticle, idOf } from "../helpers/articles";
import { npmStart, type NpmStart } from "../helpers/npmStart";
import { expectOneLineError, jsonOf, runCli } from "./cli";

type Json = any; // The service's answers, checked field by field.

describe("newsprov reindex --data-dir (an embedded chain's data dir, the service stopped)", function () {
  this.timeout(5 * 60_000);
  let dataDir: string;
  let service: NpmStart | undefined;
  /** Each published version's provenance record, as the service answered before the reindex. */
  const published: Json[] = [];
  let registry: string;

  const sqliteFiles = () => fs.readdirSync(dataDir).filter((name) => name.endsWith(".sqlite"));

  before(async function () {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-reindex-"));
    service = await npmStart({ DATA_DIR: dataDir });
    registry = service.printed("Registry");
    const french = frenchArticle();
    const corrected = { ...french, body: french.body.replace("600 millions", "650 millions") };
    for (const [article, previous] of [[french], [englishArticle()], [corrected, (await idOf(french)).contentHash]] as const) {
      const signed = await service.signAsDemo(article, previous);
      const answer = await service.post("/v1/articles", previous ? { ...signed, previous } : signed);
      expect(answer.status, await answer.clone().text()).to.equal(201);
    }
    for (const article of [french, englishArticle(), corrected]) published.push(await service.getJson(`/v1/verify/${(await idOf(article)).cid}`));
    expect(published.map((record) => record.status)).to.deep.equal(["superseded", "anchored", "anchored"]);
    await service.stop();
    service = undefined;
  });
  after(async function () {
    try {
      await service?.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("starts the chain from its journal itself and rebuilds a deleted index from the registry's events", async function () {
    for (const file of sqliteFiles()) fs.rmSync(path.join(dataDir, file));
    const run = await runCli(["reindex", "--data-dir", dataDir, "--json"]);
    expect(run.code, run.stderr).to.equal(0);
    const answer = jsonOf(run);
    expect(answer).to.include({ registry, embedded: true, anchors: 3, publishers: 1 });
    expect(answer.indexedBlock).to.equal(Math.max(...published.map((record) => record.blockNumber)));
    expect(sqliteFiles()).to.deep.equal([path.basename(answer.file)]);
  });

  it("leaves a data dir from which npm start serves every article as before", async function () {
    service = await npmStart({ DATA_DIR: dataDir });
    expect(service.printed("Registry")).to.equal(registry);
    for (const record of published) expect(await service.getJson(`/v1/verify/${record.cid}`)).to.deep.equal(record);
    await service.stop();
    service = undefined;
  });

  describe("refuses in one line", function () {
    it("a folder that holds no chain journal, and one that does not exist (exit 1)", async function () {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-reindex-empty-"));
      try {
        expectOneLineError(await runCli(["reindex", "--data-dir", empty]), 1, /chain-31337\.jsonl is missing: not an embedded chain's data dir/);
        // Starting a chain there would have begun a new journal.
        expect(fs.readdirSync(empty)).to.deep.equal([]);
        expectOneLineError(await runCli(["reindex", "--data-dir", path.join(empty, "nowhere")]), 1, /nowhere is not a directory/);
      } finally {
        fs.rmSync(empty, { recursive: true, force: true });
      }
    });

    it("--registry without --rpc, and --rpc without --registry (exit 2)", async function () {
      expectOneLineError(await runCli(["reindex", "--data-dir", dataDir, "--registry", registry]), 2, /--registry and --start-block go with --rpc/);
      expectOneLineError(await runCli(["reindex", "--data-dir", dataDir, "--rpc", "http://127.0.0.1:9"]), 2, /--rpc needs --registry/);
    });

    it("an --rpc endpoint that does not answer (exit 1)", async function () {
      const run = await runCli(["reindex", "--data-dir", dataDir, "--rpc", "http://127.0.0.1:9", "--registry", registry]);
      expectOneLineError(run, 1, /cannot read the registry's events from http:\/\/127\.0\.0\.1:9/);
    });
  });
});
