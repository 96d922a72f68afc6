import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import request from "supertest";
import { frenchArticle, idOf, sampleArticle } from "../helpers/articles";
import { DEMO_KEY, expectOneLineError, jsonOf, runCli, startListeningService, tempDir } from "./cli";

describe("newsprov verify", function () {
  let ctx: Awaited<ReturnType<typeof startListeningService>>;
  let env: Record<string, string>;
  let dir: string;
  const original = { ...sampleArticle(1), body: "The council approved 600 new trams.\n\nThey run from 2029." };
  const corrected = { ...original, body: original.body.replace("600", "700") };
  let originalId: { cid: string; contentHash: string };
  let correctedId: { cid: string; contentHash: string };
  let correctedFile: string;

  before(async function () {
    ctx = await startListeningService();
    env = { NEWSPROV_PRIVATE_KEY: DEMO_KEY, NEWSPROV_SERVER: ctx.url };
    dir = tempDir();
    await request(ctx.app)
      .post("/v1/articles")
      .send(await ctx.publishBody(frenchArticle()))
      .expect(201);
    await request(ctx.app)
      .post("/v1/articles")
      .send(await ctx.publishBody(original))
      .expect(201);
    [originalId, correctedId] = await Promise.all([idOf(original), idOf(corrected)]);
    // The correction goes through the CLI, naming the version it corrects by CID.
    correctedFile = path.join(dir, "corrected.json");
    fs.writeFileSync(correctedFile, JSON.stringify(corrected));
    const run = await runCli(["publish", correctedFile, "--key", "env", "--previous", originalId.cid], env);
    expect(run.code, run.stderr).to.equal(0);
  });
  after(async function () {
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("an article", function () {
    it("exits 3 for a superseded version, naming the latest one and listing the versions with their changes", async function () {
      const run = await runCli(["verify", originalId.cid], env);
      expect(run.code, run.stderr).to.equal(3);
      expect(run.stdout).to.match(/^SUPERSEDED: published by Demo Newsroom \(demo\.example\) \[demo identity: its key is public, anyone can sign as it\], but a later version corrects it\./);
      expect(run.stdout).to.match(new RegExp(`^\\s+Latest version\\s+${correctedId.cid}$`, "m"));
      expect(run.stdout).to.contain("Versions, oldest first:");
      expect(run.stdout).to.match(new RegExp(`^  1\\. ${originalId.cid} .*\\(this one\\)$`, "m"));
      expect(run.stdout).to.match(new RegExp(`^  2\\. ${correctedId.cid} .*\\(latest\\)$`, "m"));
      expect(run.stdout).to.match(/^\s+\[-600-\] \{\+700\+\}$/m);
    });

    it("exits 0 for the latest version, given as a file, and says what it corrects", async function () {
      const run = await runCli(["verify", correctedFile], env);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.match(new RegExp(`^\\s+Corrects\\s+${originalId.cid}$`, "m"));
      expect(run.stdout).to.match(new RegExp(`^  2\\. ${correctedId.cid} .*\\(this one, latest\\)$`, "m"));
    });

    it("answers the same for a content hash as for its CID, and its --json output parses", async function () {
      const [byHash, byCid] = await Promise.all([
        runCli(["verify", correctedId.contentHash, "--json"], env),
        runCli(["verify", correctedId.cid, "--json"], env),
      ]);
      expect(jsonOf(byHash)).to.deep.equal(jsonOf(byCid));
      const { provenance, history } = jsonOf(byHash);
      expect(provenance).to.include({ verified: true, status: "anchored", cid: correctedId.cid, previous: originalId.contentHash });
      expect(history.versions.map((version: { cid: string }) => version.cid)).to.deep.equal([originalId.cid, correctedId.cid]);
    });

    it("exits 5 for a CID that was never anchored", async function () {
      const { cid } = await idOf(sampleArticle(2));
      const run = await runCli(["verify", cid, "--json"], env);
      expect(run.code).to.equal(5);
      expect(jsonOf(run)).to.deep.include({ provenance: { ...jsonOf(run).provenance, verified: false, status: "unknown" }, history: null });
    });
  });

  describe("--quote", function () {
    it("exits 0 and shows the passage when an anchored article contains the quote", async function () {
      const run = await runCli(["verify", "--quote", "a porté la valorisation de Mistral AI à 6 milliards de dollars"], env);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.match(
        /^FOUND in 1 article version:\n\s+Demo Newsroom \(demo\.example\) \[demo identity: its key is public, anyone can sign as it\], anchored .*, anchored\n\s+bagaaiera6b7ir4/,
      );
      expect(run.stdout).to.contain("6 milliards de dollars");
    });

    it("exits 6 and marks the changed words when only a close passage exists", async function () {
      const run = await runCli(["verify", "--quote", "a porté la valorisation de Mistral AI à 9 milliards de dollars"], env);
      expect(run.code, run.stderr).to.equal(6);
      expect(run.stdout).to.match(/^NOT FOUND as quoted\. The closest passage, \d+% alike, with \[-as published-\] \{\+as quoted\+\}:/);
      expect(run.stdout).to.contain("[-6-]{+9+}");
    });

    it("exits 5 when nothing is close, and its --json output parses", async function () {
      const run = await runCli(["verify", "--quote", "zebras juggle quantum harmonicas underwater", "--json"], env);
      expect(run.code).to.equal(5);
      expect(jsonOf(run)).to.deep.include({ matches: [], closest: null });
    });
  });

  describe("a wrong command line (exit 2)", function () {
    it("wants an article or a quote, not neither nor both", async function () {
      const [neither, both] = await Promise.all([runCli(["verify"], env), runCli(["verify", originalId.cid, "--quote", "a b c"], env)]);
      expectOneLineError(neither, 2, /give either an article \(file or CID\) or --quote/);
      expectOneLineError(both, 2, /give either an article \(file or CID\) or --quote/);
    });

    it("refuses what is neither a file nor an article identifier", async function () {
      expectOneLineError(
        await runCli(["verify", "no-such-file.json"], env),
        2,
        /no-such-file\.json is neither an article file nor an article CID/,
      );
    });
  });

  describe("the publisher", function () {
    it("says whether the publisher's domain confirmed its key", async function () {
      const run = await runCli(["verify", (await idOf(frenchArticle())).cid], env);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/\n {2}Domain +not checked yet \(https:\/\/demo\.example\/\.well-known\/newsprov\.json\)\n/);
    });

    it("warns of an identity that imitates another, and writes its bidi control out rather than sending it to the terminal", async function () {
      // Registered straight on the registry: the service would have refused it.
      await (await ctx.registry.registerPublisher(ctx.other.address, "Demo Newsroom\u202e", "demo.example")).wait();
      await ctx.service.syncIndex();
      const article = { ...sampleArticle(40), title: "A copy's article" };
      const record = (await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(article, ctx.other)).expect(201)).body;
      const run = await runCli(["verify", record.cid], env);
      expect(run.code, run.stderr).to.equal(0);
      // Signer #2 is a public test key too: the demo warning stays, and the identity warning follows it.
      expect(run.stdout).to.match(/^VERIFIED: published by Demo Newsroom\\u\{202E\} \(demo\.example\) \[demo identity[^\]]*\] \[identity warning\], current version\.$/m);
      expect(run.stdout).to.not.contain("\u202e");
      expect(run.stdout).to.match(/Identity warning +the name contains U\+202E/);
      expect(run.stdout).to.match(/Identity warning +publisher #1 \("Demo Newsroom"\), registered earlier, has the same domain/);
    });
  });
});
