import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { sampleArticle } from "../helpers/articles";
import { DEMO_KEY, jsonOf, runCli, startListeningService, tempDir } from "./cli";

/**
 * The newsroom's commands against a service in batch mode: a first version lands in a Merkle
 * batch, and its correction and retraction go through the registry as a direct version's do
 * (the service records the batched leaf on chain in the same transaction).
 */
describe("newsprov against a service in batch mode", function () {
  let ctx: Awaited<ReturnType<typeof startListeningService>>;
  let env: Record<string, string>;
  let dir: string;

  before(async function () {
    ctx = await startListeningService({ anchoring: { mode: "batch", batchSize: 4, batchIntervalMs: 100 } });
    env = { NEWSPROV_PRIVATE_KEY: DEMO_KEY, NEWSPROV_SERVER: ctx.url };
    dir = tempDir();
  });
  after(async function () {
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const articleFile = (n: number, edit: (article: ReturnType<typeof sampleArticle>) => void = () => {}) => {
    const article = sampleArticle(n);
    edit(article);
    const file = path.join(dir, `article-${n}-${fs.readdirSync(dir).length}.json`);
    fs.writeFileSync(file, JSON.stringify(article));
    return file;
  };

  const publish = async (file: string, ...extra: string[]) => {
    const run = await runCli(["publish", file, "--key", "env", "--json", ...extra], env);
    expect(run.code, run.stderr).to.equal(0);
    return jsonOf(run).provenance;
  };

  it("publishes a first version in a batch, then its correction, which supersedes it", async function () {
    const first = await publish(articleFile(1));
    expect(first.anchor.kind).to.equal("batch");

    const corrected = await publish(
      articleFile(1, (article) => (article.body = `${article.body} (corrected)`)),
      "--previous",
      first.cid,
    );
    expect(corrected).to.include({ previous: first.contentHash, status: "anchored" });

    const verified = await runCli(["verify", first.cid], env);
    expect(verified.code, verified.stdout).to.equal(3);
    expect(verified.stdout).to.include(corrected.cid);
  });

  it("retracts a batched version; verify then exits 4 with the reason", async function () {
    const batched = await publish(articleFile(2));
    expect(batched.anchor.kind).to.equal("batch");

    const run = await runCli(["retract", batched.cid, "--reason", "The figures were wrong", "--key", "env", "--json"], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(jsonOf(run)).to.include({ cid: batched.cid, status: "retracted" });

    const verified = await runCli(["verify", batched.cid], env);
    expect(verified.code).to.equal(4);
    expect(verified.stdout).to.match(/^\s+Reason\s+The figures were wrong$/m);
  });
});
