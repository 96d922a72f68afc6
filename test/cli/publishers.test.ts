import { expect } from "chai";
import { Wallet } from "ethers";
import { TEST_ADMIN_TOKEN } from "../helpers/service";
import { expectOneLineError, jsonOf, runCli, startListeningService } from "./cli";

describe("newsprov publishers", function () {
  let ctx: Awaited<ReturnType<typeof startListeningService>>;
  let admin: Record<string, string>;
  // Fresh keys: the CLI signs the key rotation with the current one.
  const first = Wallet.createRandom();
  const second = Wallet.createRandom();
  const third = Wallet.createRandom();

  before(async function () {
    ctx = await startListeningService();
    admin = { NEWSPROV_ADMIN_TOKEN: TEST_ADMIN_TOKEN, NEWSPROV_SERVER: ctx.url };
  });
  after(async function () {
    await ctx?.close();
  });

  it("add registers a publisher on chain with the admin token", async function () {
    const run = await runCli(
      ["publishers", "add", first.address, "--name", "Le Quotidien", "--domain", "quotidien.example", "--json"],
      admin,
    );
    const publisher = jsonOf(run);
    expect(publisher).to.include({ address: first.address, name: "Le Quotidien", domain: "quotidien.example", active: true });
    expect((await ctx.registry.getPublisher(publisher.id)).key).to.equal(first.address);
  });

  it("add fails in one line without the admin token", async function () {
    const run = await runCli(["publishers", "add", second.address, "--name", "X", "--domain", "x.example"], { NEWSPROV_SERVER: ctx.url });
    expectOneLineError(run, 1, /NEWSPROV_ADMIN_TOKEN/);
  });

  it("rotate moves the identity to a new key, with the admin token", async function () {
    const run = await runCli(["publishers", "rotate", first.address, "--new-key", second.address, "--json"], admin);
    expect(jsonOf(run)).to.include({ address: second.address, name: "Le Quotidien" });
  });

  it("rotate signed by the current key needs no admin token", async function () {
    const run = await runCli(["publishers", "rotate", second.address, "--new-key", third.address, "--key", "env", "--json"], {
      NEWSPROV_SERVER: ctx.url,
      NEWSPROV_PRIVATE_KEY: second.privateKey,
    });
    const publisher = jsonOf(run);
    expect(publisher).to.include({ address: third.address });
    expect((await ctx.registry.getPublisher(publisher.id)).key).to.equal(third.address);
  });

  it("rotate refuses a --key that is not the publisher's current key", async function () {
    const run = await runCli(["publishers", "rotate", third.address, "--new-key", first.address, "--key", "env"], {
      NEWSPROV_SERVER: ctx.url,
      NEWSPROV_PRIVATE_KEY: first.privateKey,
    });
    expectOneLineError(run, 1, /--key is 0x[0-9a-fA-F]{40}, not the publisher's current key/);
  });

  it("revoke ends a publisher's right to sign; list shows it", async function () {
    const revoked = jsonOf(await runCli(["publishers", "revoke", third.address, "--json"], admin));
    expect(revoked).to.include({ address: third.address, active: false });

    const list = await runCli(["publishers", "list"], { NEWSPROV_SERVER: ctx.url });
    expect(list.code).to.equal(0);
    expect(list.stdout).to.match(/^Demo Newsroom \(demo\.example\) \[demo identity: its key is public, anyone can sign as it\]\n\s+ID\s+1\n\s+Key\s+0x70997970C51812dc3A010C7d01b50e0d17dc79C8\n/m);
    expect(list.stdout).to.match(/^Le Quotidien \(quotidien\.example\)\n(?:.*\n)*?\s+Status\s+revoked \d{4}-/m);
  });

  it("refuses an address that is not one (exit 2)", async function () {
    expectOneLineError(await runCli(["publishers", "revoke", "0x1234"], admin), 2, /must be an Ethereum address/);
  });
});
