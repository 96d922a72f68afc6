import { expect } from "chai";
import { Wallet } from "ethers";
import request from "supertest";
import { sampleArticle } from "../helpers/articles";
import { DEMO_KEY, expectOneLineError, jsonOf, runCli, startListeningService } from "./cli";

describe("newsprov retract", function () {
  let ctx: Awaited<ReturnType<typeof startListeningService>>;
  let env: Record<string, string>;

  before(async function () {
    ctx = await startListeningService();
    env = { NEWSPROV_PRIVATE_KEY: DEMO_KEY, NEWSPROV_SERVER: ctx.url };
  });
  after(async function () {
    await ctx?.close();
  });

  const publish = async (n: number): Promise<string> =>
    (
      await request(ctx.app)
        .post("/v1/articles")
        .send(await ctx.publishBody(sampleArticle(n)))
        .expect(201)
    ).body.cid;

  it("retracts a version signed by its publisher; verify then exits 4 and gives the reason", async function () {
    const cid = await publish(1);
    const run = await runCli(["retract", cid, "--reason", "Sources could not be confirmed", "--key", "env", "--json"], env);
    expect(run.code, run.stderr).to.equal(0);
    const provenance = jsonOf(run);
    expect(provenance).to.include({ cid, status: "retracted" });
    expect(provenance.retraction).to.include({ reason: "Sources could not be confirmed" });

    const verified = await runCli(["verify", cid], env);
    expect(verified.code).to.equal(4);
    expect(verified.stdout).to.match(/^RETRACTED: published by Demo Newsroom \(demo\.example\) \[demo identity: its key is public, anyone can sign as it\], then retracted\./);
    expect(verified.stdout).to.match(/^\s+Reason\s+Sources could not be confirmed$/m);
  });

  it("fails in one line when the key is not the publisher's", async function () {
    const cid = await publish(2);
    const run = await runCli(["retract", cid, "--reason", "Not mine to retract", "--key", "env"], {
      ...env,
      NEWSPROV_PRIVATE_KEY: Wallet.createRandom().privateKey,
    });
    expectOneLineError(run, 1, /\(\w+\)$/m);
  });

  it("wants a reason and an article identifier (exit 2)", async function () {
    const cid = await publish(3);
    const [blank, notCid] = await Promise.all([
      runCli(["retract", cid, "--reason", "  ", "--key", "env"], env),
      runCli(["retract", "not-a-cid", "--reason", "Wrong", "--key", "env"], env),
    ]);
    expectOneLineError(blank, 2, /--reason must not be empty/);
    expectOneLineError(notCid, 2, /the article must be an article CID/);
  });
});
