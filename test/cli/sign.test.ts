import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { Wallet } from "ethers";
import { idOf } from "../helpers/articles";
import { lightKeystore } from "../helpers/keys";
import { CLI_FIXTURES, DEMO_KEY, expectOneLineError, jsonOf, runCli, startListeningService, tempDir } from "./cli";

const FRENCH_JSON = "test/fixtures/mistral-ai-funding.fr.json";
const ENGLISH_MD = "test/fixtures/harbour-tram-vote.en.md";

describe("newsprov sign", function () {
  let ctx: Awaited<ReturnType<typeof startListeningService>>;
  const asDemo = { NEWSPROV_PRIVATE_KEY: DEMO_KEY };

  before(async function () {
    ctx = await startListeningService();
  });
  after(async function () {
    await ctx?.close();
  });

  it("signs offline the worked example of docs/protocol.md, byte for byte", async function () {
    // Offline: the domain comes from the flags, and no service listens at NEWSPROV_SERVER.
    const run = await runCli(
      ["sign", FRENCH_JSON, "--key", "env", "--chain-id", "31337", "--registry", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--json"],
      { ...asDemo, NEWSPROV_SERVER: "http://127.0.0.1:9" },
    );
    expect(jsonOf(run)).to.include({
      cid: "bagaaiera6b7ir4tg7egvbfu3uar6voinuizqt2ws6dwtjp2cst6x2szxwwtq",
      signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      signature:
        "0x958b427ff2233c8c3dc85fa0ab4924064b8fd9427b33209e2763cda1da3593a50d131af443e0c63a19a298bcd4e46e3e88fa304b20a03abccade428fac192e911c",
    });
  });

  it("makes an offline signature of a Markdown article that the service accepts", async function () {
    const args = ["sign", ENGLISH_MD, "--key", "env", "--chain-id", String(ctx.chainId), "--registry", ctx.deployment.address, "--json"];
    const { signature, cid } = jsonOf(await runCli(args, asDemo));
    const article = JSON.parse(fs.readFileSync(path.join(CLI_FIXTURES, "harbour-tram-vote.en.json"), "utf8"));
    const res = await fetch(`${ctx.url}/v1/articles`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ article, signature }),
    });
    expect(res.status).to.equal(201);
    expect(await res.json()).to.include({ cid, status: "anchored", signer: ctx.publisher.address });
  });

  it("reads the domain from the service when given no chain id and registry, and signs with a keystore", async function () {
    const dir = tempDir();
    try {
      const keystore = path.join(dir, "demo.json");
      fs.writeFileSync(keystore, await lightKeystore(new Wallet(DEMO_KEY), "keystore password"));
      const online = await runCli(["sign", FRENCH_JSON, "--key", keystore, "--server", ctx.url, "--json"], {
        NEWSPROV_PASSWORD: "keystore password",
      });
      const offline = await runCli(
        ["sign", FRENCH_JSON, "--key", "env", "--chain-id", String(ctx.chainId), "--registry", ctx.deployment.address, "--json"],
        asDemo,
      );
      expect(jsonOf(online)).to.deep.equal(jsonOf(offline));
      expect(jsonOf(online).registry).to.equal(ctx.deployment.address);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("signs a correction with --previous given as a content hash: the signed hash in --json, its CID for people", async function () {
    const { cid, contentHash } = await idOf(JSON.parse(fs.readFileSync(FRENCH_JSON, "utf8")));
    const args = ["sign", ENGLISH_MD, "--key", "env", "--chain-id", "31337", "--registry", ctx.deployment.address, "--previous", contentHash];
    const [json, human] = await Promise.all([runCli([...args, "--json"], asDemo), runCli(args, asDemo)]);
    expect(jsonOf(json).previous).to.equal(contentHash);
    expect(human.stdout).to.match(new RegExp(`^Previous\\s+${cid}$`, "m"));
  });

  describe("fails in one line", function () {
    it("for a wrong keystore password", async function () {
      const dir = tempDir();
      try {
        const keystore = path.join(dir, "demo.json");
        fs.writeFileSync(keystore, await lightKeystore(Wallet.createRandom(), "the right password"));
        const run = await runCli(["sign", FRENCH_JSON, "--key", keystore, "--chain-id", "1", "--registry", ctx.deployment.address], {
          NEWSPROV_PASSWORD: "a wrong password",
        });
        expectOneLineError(run, 1, /cannot decrypt .*demo\.json: wrong password/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("for --key env without NEWSPROV_PRIVATE_KEY", async function () {
      const run = await runCli(["sign", FRENCH_JSON, "--key", "env", "--chain-id", "1", "--registry", ctx.deployment.address]);
      expectOneLineError(run, 1, /NEWSPROV_PRIVATE_KEY/);
    });

    it("for --chain-id without --registry, and for --previous that names no article (usage errors)", async function () {
      const [alone, previous] = await Promise.all([
        runCli(["sign", FRENCH_JSON, "--key", "env", "--chain-id", "1"], asDemo),
        runCli(
          ["sign", FRENCH_JSON, "--key", "env", "--chain-id", "1", "--registry", ctx.deployment.address, "--previous", "Qm123"],
          asDemo,
        ),
      ]);
      expectOneLineError(alone, 2, /--chain-id and --registry go together/);
      expectOneLineError(previous, 2, /--previous must be an article CID/);
    });
  });
});
