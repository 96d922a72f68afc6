import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { frenchArticle, idOf } from "../helpers/articles";
import { CLI_FIXTURES, expectOneLineError, jsonOf, runCli, tempDir } from "./cli";

const ENGLISH_MD = "test/fixtures/harbour-tram-vote.en.md";
const ENGLISH_JSON = path.join(CLI_FIXTURES, "harbour-tram-vote.en.json");
const FRENCH_JSON = "test/fixtures/mistral-ai-funding.fr.json";

// Offline: no service runs, and NEWSPROV_SERVER points at a port where nothing listens.
const OFFLINE = { NEWSPROV_SERVER: "http://127.0.0.1:9" };

describe("newsprov hash", function () {
  it("gives the English Markdown fixture and its JSON twin the same CID, offline", async function () {
    const [markdown, json] = await Promise.all([
      runCli(["hash", ENGLISH_MD, "--json"], OFFLINE),
      runCli(["hash", ENGLISH_JSON, "--json"], OFFLINE),
    ]);
    const expected = await idOf(JSON.parse(fs.readFileSync(ENGLISH_JSON, "utf8")));
    expect(jsonOf(markdown)).to.include({ cid: expected.cid, contentHash: expected.contentHash });
    expect(jsonOf(json)).to.include({ cid: expected.cid, contentHash: expected.contentHash });
  });

  it("prints the CID and content hash of the French fixture that docs/protocol.md gives", async function () {
    const run = await runCli(["hash", FRENCH_JSON], OFFLINE);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/^CID\s+bagaaiera6b7ir4tg7egvbfu3uar6voinuizqt2ws6dwtjp2cst6x2szxwwtq$/m);
    expect(run.stdout).to.match(/^Content hash\s+0xf07e88f266f90d50969ba023eab90da23309ead2f0ed34bf4294fd7d4b37b5a7$/m);
  });

  describe("with bad input", function () {
    let dir: string;
    before(function () {
      dir = tempDir();
    });
    after(function () {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("fails in one line for a missing file", async function () {
      expectOneLineError(await runCli(["hash", path.join(dir, "missing.json")]), 1, /missing\.json: cannot read: ENOENT/);
    });

    it("names what is wrong with an invalid article", async function () {
      fs.writeFileSync(path.join(dir, "extra.json"), JSON.stringify({ ...frenchArticle(), extra: 1 }));
      fs.writeFileSync(path.join(dir, "date.json"), JSON.stringify({ ...frenchArticle(), publishedAt: "yesterday" }));
      const [extra, date] = await Promise.all([
        runCli(["hash", path.join(dir, "extra.json")]),
        runCli(["hash", path.join(dir, "date.json")]),
      ]);
      expectOneLineError(extra, 1, /extra\.json: not a valid article: extra: is not a member of a protocol v1 article \(unknown_member\)/);
      expectOneLineError(date, 1, /date\.json: not a valid article: publishedAt: .*\(published_at_format\)/);
    });

    it("fails in one line for JSON that does not parse and for Markdown without front matter", async function () {
      fs.writeFileSync(path.join(dir, "broken.json"), "{ not json");
      fs.writeFileSync(path.join(dir, "plain.md"), "# Just a heading\n\nNo front matter.\n");
      expectOneLineError(await runCli(["hash", path.join(dir, "broken.json")]), 1, /broken\.json: not valid JSON/);
      expectOneLineError(
        await runCli(["hash", path.join(dir, "plain.md")]),
        1,
        /plain\.md: a Markdown article starts with YAML front matter/,
      );
    });

    it("refuses other file types", async function () {
      fs.writeFileSync(path.join(dir, "article.txt"), "text");
      expectOneLineError(await runCli(["hash", path.join(dir, "article.txt")]), 1, /expected a \.json or \.md article file/);
    });

    it("reports a missing argument as a usage error (exit 2)", async function () {
      expectOneLineError(await runCli(["hash"]), 2, /missing required argument 'file'/);
    });
  });
});
