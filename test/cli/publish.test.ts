import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { Wallet } from "ethers";
import { stringify } from "yaml";
import { frenchArticle, idOf, sampleArticle } from "../helpers/articles";
import { freePort, startChild } from "../helpers/processes";
import { DEMO_KEY, NEWSPROV_BIN, cliEnv, expectOneLineError, jsonOf, runCli, startListeningService, tempDir } from "./cli";

const FRENCH_JSON = "test/fixtures/mistral-ai-funding.fr.json";
const BULK_SIZE = 200;

/** Article n of a bulk import, as JSON or, for every third one, as Markdown with front matter. */
function writeBulkArticle(dir: string, n: number): void {
  const article = { ...sampleArticle(n), title: `Bulk import article ${n}` };
  const name = `article-${String(n).padStart(3, "0")}`;
  if (n % 3 === 0) {
    const { body, ...frontMatter } = article;
    fs.writeFileSync(path.join(dir, `${name}.md`), `---\n${stringify(frontMatter)}---\n${body}\n`);
  } else {
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(article, null, 2));
  }
}

describe("newsprov publish", function () {
  let ctx: Awaited<ReturnType<typeof startListeningService>>;
  let env: Record<string, string>;
  let dir: string;

  before(async function () {
    ctx = await startListeningService();
    env = { NEWSPROV_PRIVATE_KEY: DEMO_KEY, NEWSPROV_SERVER: ctx.url };
    dir = tempDir();
  });
  after(async function () {
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("one article", function () {
    it("publishes the French fixture, which then verifies (exit 0); a tampered copy does not (exit 5)", async function () {
      const published = await runCli(["publish", FRENCH_JSON, "--key", "env"], env);
      expect(published.code, published.stderr).to.equal(0);
      expect(published.stdout).to.match(/^Published\.\nVERIFIED: published by Demo Newsroom \(demo\.example\) \[demo identity: its key is public, anyone can sign as it\], current version\./);

      const verified = await runCli(["verify", FRENCH_JSON], env);
      expect(verified.code, verified.stderr).to.equal(0);
      expect(verified.stdout).to.contain("VERIFIED: published by Demo Newsroom (demo.example)");
      expect(verified.stdout).to.match(/^\s+CID\s+bagaaiera6b7ir4tg7egvbfu3uar6voinuizqt2ws6dwtjp2cst6x2szxwwtq$/m);
      expect(verified.stdout).to.match(/^\s+Anchored\s+\d{4}-\d\d-\d\dT.*Z in block \d+$/m);
      expect(verified.stdout).to.match(/^\s+Transaction\s+0x[0-9a-f]{64}$/m);

      const tampered = path.join(dir, "tampered.json");
      const article = frenchArticle();
      fs.writeFileSync(tampered, JSON.stringify({ ...article, body: article.body.replace("600 millions", "700 millions") }));
      const unknown = await runCli(["verify", tampered], env);
      expect(unknown.code).to.equal(5);
      expect(unknown.stdout).to.match(/^UNKNOWN: no anchored article has this content\./);
    });

    it("answers a second publication of the same article as already anchored, with its record", async function () {
      const run = await runCli(["publish", FRENCH_JSON, "--key", "env", "--json"], env);
      expect(run.code).to.equal(0);
      const answer = jsonOf(run);
      expect(answer).to.include({ status: "already_anchored", cid: "bagaaiera6b7ir4tg7egvbfu3uar6voinuizqt2ws6dwtjp2cst6x2szxwwtq" });
      expect(answer.provenance).to.include({ verified: true, signer: ctx.publisher.address });
    });

    it("fails in one line when the key is not a registered publisher's", async function () {
      const article = path.join(dir, "stranger.json");
      fs.writeFileSync(article, JSON.stringify(sampleArticle(1)));
      const run = await runCli(["publish", article, "--key", "env"], { ...env, NEWSPROV_PRIVATE_KEY: Wallet.createRandom().privateKey });
      expectOneLineError(run, 1, /is not the key of an active publisher \(publisher_not_active\)/);
    });

    it("fails in one line when the service cannot be reached", async function () {
      const nobody = `http://127.0.0.1:${await freePort()}`;
      const run = await runCli(["publish", FRENCH_JSON, "--key", "env", "--server", nobody], env);
      expectOneLineError(run, 1, new RegExp(`cannot reach the service at ${nobody}: ECONNREFUSED`));
    });

    it("reports a missing --key and a bad --server as usage errors (exit 2)", async function () {
      const [noKey, badServer, hugeRequests] = await Promise.all([
        runCli(["publish", FRENCH_JSON], env),
        runCli(["publish", FRENCH_JSON, "--key", "env", "--server", "ftp://example.org"], env),
        runCli(["publish", FRENCH_JSON, "--key", "env", "--per-request", "1001"], env),
      ]);
      expectOneLineError(noKey, 2, /required option '--key <keystore\|env>' not specified/);
      expectOneLineError(badServer, 2, /--server <url>.*must be an http\(s\) URL/);
      expectOneLineError(hugeRequests, 2, /--per-request <n>.*must be at most 1000/);
    });
  });

  it("splits a directory import into requests by UTF-8 bytes, not characters", async function () {
    // Two long Japanese articles: 1.6 million characters together, under the CLI's 2 MiB a
    // request when counted in characters, but 4.8 MB of UTF-8, over the service's 4 MiB limit.
    const japanese = path.join(dir, "japanese");
    fs.mkdirSync(japanese);
    for (const n of [1, 2]) {
      const article = { title: `長い記事 ${n}`, body: `${"日本語の長い記事です。".repeat(80_000)}${n}`, publishedAt: "2026-11-29T12:00:00Z", language: "ja" };
      fs.writeFileSync(path.join(japanese, `article-${n}.json`), JSON.stringify(article));
    }
    const run = await runCli(["publish", japanese, "--key", "env", "--json"], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(jsonOf(run)).to.include({ total: 2, published: 2, failed: 0 });
  });

  describe(`a directory of ${BULK_SIZE} articles`, function () {
    let bulk: string;

    before(function () {
      bulk = path.join(dir, "bulk");
      fs.mkdirSync(bulk);
      for (let n = 1; n <= BULK_SIZE; n++) writeBulkArticle(bulk, n);
      fs.writeFileSync(path.join(bulk, "notes.txt"), "not an article: skipped");
    });

    it("resumes after the import is killed: the rest published, the earlier ones already anchored, none failed", async function () {
      // Killed (SIGKILL, no chance to clean up) once 20 articles are done; without a terminal the
      // CLI logs one line per article instead of drawing a bar.
      const interrupted = await startChild(
        // Ten articles a request, one request at a time: the kill lands with most of them unsent.
        [process.execPath, NEWSPROV_BIN, "publish", bulk, "--key", "env", "--per-request", "10", "--concurrency", "1"],
        cliEnv(env),
        new RegExp(` 20/${BULK_SIZE} `),
      );
      await interrupted.stop("SIGKILL");
      const firstRun = [...interrupted.output().matchAll(/^\s*\d+\/\d+ published (\S+) /gm)].map((match) => match[1]);
      expect(firstRun.length).to.be.at.least(20).and.below(BULK_SIZE);

      const resumed = await runCli(["publish", bulk, "--key", "env", "--json"], env);
      expect(resumed.code, resumed.stderr).to.equal(0);
      expect(resumed.stderr, "--json draws no progress").to.equal("");
      const summary = jsonOf(resumed);
      expect(summary).to.include({ total: BULK_SIZE, failed: 0 });
      expect(summary.published + summary.alreadyAnchored).to.equal(BULK_SIZE);
      expect(summary.alreadyAnchored).to.be.at.least(firstRun.length);
      expect(summary.published).to.be.above(0);
      const statusOf = new Map(summary.results.map((result: { file: string; status: string }) => [result.file, result.status]));
      for (const file of firstRun) expect(statusOf.get(file), file).to.equal("already_anchored");

      for (let n = 1; n <= BULK_SIZE; n++) {
        const { cid } = await idOf({ ...sampleArticle(n), title: `Bulk import article ${n}` });
        const provenance = (await (await fetch(`${ctx.url}/v1/verify/${cid}`)).json()) as { verified: boolean; status: string };
        expect(provenance, `article ${n}`).to.include({ verified: true, status: "anchored" });
      }
    });

    it("summarizes a run that has nothing left to do, and lists failures with their reasons", async function () {
      fs.writeFileSync(path.join(bulk, "zz-invalid.json"), JSON.stringify({ title: "No body" }));
      const run = await runCli(["publish", bulk, "--key", "env", "--concurrency", "8"], env);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.match(/^\s+Published\s+0$/m);
      expect(run.stdout).to.match(new RegExp(`^\\s+Already anchored\\s+${BULK_SIZE}$`, "m"));
      expect(run.stdout).to.match(/^\s+Failed\s+1$/m);
      expect(run.stdout).to.match(/^\s+zz-invalid\.json: not a valid article: body: /m);
      expect(run.stderr.trim().split("\n").at(-1)).to.equal(`newsprov: 1 of ${BULK_SIZE + 1} articles failed`);
    });
  });
});
