import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { parseEther, Wallet } from "ethers";
import { jsonRpcProvider } from "../../protocol";
import { englishArticle, frenchArticle, idOf } from "../helpers/articles";
import { KEY_0 } from "../helpers/keys";
import { npmStart, type NpmStart } from "../helpers/npmStart";
import { freePort, HARDHAT_BIN, PROJECT_ROOT, startChild, type Child } from "../helpers/processes";
import { jsonOf, runCli, type CliRun } from "../cli/cli";

// "Any EVM network by configuration", held against a node nobody here wrote: Foundry's anvil, from
// the npm package @foundry-rs/anvil (its binary ships in @foundry-rs/anvil-<platform>). The run is
// docs/operations.md's, as an operator makes it: deploy with scripts/deploy.ts, the roles going to
// an admin key of its own (REGISTRY_ADMIN), a relayer keystore from `newsprov keygen`, funded, its roles granted with `newsprov
// roles`, then npm start on RPC_URL in direct mode and in batch mode, a publisher registered,
// articles published, each receipt checked with `newsprov verify-receipt --rpc <anvil>`, and the
// index rebuilt with `newsprov reindex --rpc <anvil>`. Anvil's account #0 (the public test
// mnemonic Hardhat and anvil share: not a secret) pays for the deployment and funds the admin key.

const execFileAsync = promisify(execFile);

const PASSWORD = "anvil run: a throwaway keystore password";

/** The anvil binary's wrapper, as npm installed it; failing, rather than skipping, when it is missing. */
function anvilBin(): string {
  const missing = new Error("@foundry-rs/anvil is not installed: npm ci installs it (a devDependency)");
  let bin: string;
  try {
    bin = path.join(path.dirname(require.resolve("@foundry-rs/anvil/package.json")), "bin.mjs");
  } catch (error) {
    throw Object.assign(missing, { cause: error });
  }
  if (!fs.existsSync(bin)) throw missing;
  return bin;
}

describe("the service on Foundry's anvil (npm run test:anvil)", function () {
  this.timeout(5 * 60_000);
  let anvil: Child;
  let rpc: string;
  let dir: string;
  let service: NpmStart | undefined;
  const admin = Wallet.createRandom();
  const newsroom = Wallet.createRandom();
  let relayer: string;
  let registry: string;
  let startBlock: string;
  const receipts: string[] = [];

  const cli = async (args: string[], env: Record<string, string> = {}): Promise<CliRun> => {
    const run = await runCli(args, { NEWSPROV_SERVER: service?.base ?? "", NEWSPROV_PASSWORD: PASSWORD, ...env });
    expect(run.code, `newsprov ${args.join(" ")}\n${run.stdout}${run.stderr}`).to.equal(0);
    return run;
  };
  const onChain = () => ["--rpc", rpc, "--registry", registry];
  const start = async (anchorMode: "direct" | "batch") => {
    service = await npmStart({
      RPC_URL: rpc,
      REGISTRY_ADDRESS: registry,
      REGISTRY_START_BLOCK: startBlock,
      RELAYER_KEYSTORE: path.join(dir, "relayer-key.json"),
      RELAYER_KEYSTORE_PASSWORD_FILE: path.join(dir, "relayer-password.txt"),
      ANCHOR_MODE: anchorMode,
      BATCH_INTERVAL_MS: "200",
      DATA_DIR: path.join(dir, "data"),
      ADMIN_TOKEN: "anvil-run-admin-token",
    });
  };
  const stop = async () => {
    await service!.stop();
    service = undefined;
  };

  /** Publishes an article file with the newsroom's key, fetches its receipt and checks it on anvil alone. */
  async function publishAndCheckReceipt(article: unknown, name: string, kind: "direct" | "batch") {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(article));
    const published = jsonOf(await cli(["publish", file, "--key", "env", "--json"], { NEWSPROV_PRIVATE_KEY: newsroom.privateKey }));
    expect(published.provenance).to.deep.include({ verified: true, status: "anchored", anchor: published.provenance.anchor });
    expect(published.provenance.anchor.kind).to.equal(kind);
    const receipt = await fetch(`${service!.base}/v1/receipts/${published.cid}`);
    expect(receipt.status).to.equal(200);
    const receiptFile = path.join(dir, `${name}.receipt.json`);
    fs.writeFileSync(receiptFile, await receipt.text());
    const verdict = jsonOf(await cli(["verify-receipt", receiptFile, "--article", file, "--rpc", rpc, "--json"]));
    expect(verdict.checks.filter((check: { ok: boolean }) => !check.ok)).to.deep.equal([]);
    expect(verdict.valid).to.equal(true);
    receipts.push(published.cid);
  }

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-anvil-"));
    const port = await freePort();
    anvil = await startChild([process.execPath, anvilBin(), "--host", "127.0.0.1", "--port", String(port)], {}, /Listening on 127\.0\.0\.1:\d+/);
    rpc = `http://127.0.0.1:${port}`;
    // The operator's admin key pays for the role changes: funded from anvil's public account #0.
    const provider = jsonRpcProvider(rpc);
    try {
      await (await new Wallet(KEY_0, provider).sendTransaction({ to: admin.address, value: parseEther("10") })).wait();
    } finally {
      provider.destroy();
    }
  });
  after(async function () {
    try {
      await service?.stop();
    } finally {
      await anvil?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("deploys the registry with scripts/deploy.ts, which prints the next steps", async function () {
    const { stdout: output } = await execFileAsync(HARDHAT_BIN, ["run", "scripts/deploy.ts", "--network", "external"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, RPC_URL: rpc, DEPLOYER_PRIVATE_KEY: KEY_0, REGISTRY_ADMIN: admin.address },
    });
    expect(output).to.contain(`ArticleRegistry deployed on external (chain 31337) by ${new Wallet(KEY_0).address}`);
    expect(output).to.contain(`The admin ${admin.address} now holds every role: admin, registrar and relayer.`);
    expect(output).to.not.contain("public test keys");
    registry = /REGISTRY_ADDRESS=(0x[0-9a-fA-F]{40})/.exec(output)![1]!;
    startBlock = /REGISTRY_START_BLOCK=(\d+)/.exec(output)![1]!;
    expect(output).to.contain(`npx newsprov roles grant relayer <relayer address> --rpc ${rpc} --registry ${registry} --key <the admin's keystore>`);
  });

  it("makes, funds and empowers a relayer keystore with newsprov keygen and newsprov roles", async function () {
    fs.writeFileSync(path.join(dir, "relayer-password.txt"), `${PASSWORD}\n`, { mode: 0o600 });
    relayer = jsonOf(await cli(["keygen", "--out", path.join(dir, "relayer-key.json"), "--json"])).address;
    const provider = jsonRpcProvider(rpc);
    try {
      await (await new Wallet(admin.privateKey, provider).sendTransaction({ to: relayer, value: parseEther("1") })).wait();
    } finally {
      provider.destroy();
    }
    const asAdmin = { NEWSPROV_PRIVATE_KEY: admin.privateKey };
    for (const role of ["relayer", "registrar"]) await cli(["roles", "grant", role, relayer, ...onChain(), "--key", "env"], asAdmin);
    await cli(["roles", "revoke", "relayer", admin.address, ...onChain(), "--key", "env"], asAdmin);
    const roles = jsonOf(await cli(["roles", "list", ...onChain(), "--from-block", startBlock, "--json"])).roles;
    expect(roles).to.deep.equal({ admin: [admin.address], registrar: [admin.address, relayer], relayer: [relayer] });
  });

  it("runs npm start on anvil in direct mode: registers a publisher, publishes, and the receipt verifies on anvil", async function () {
    await start("direct");
    expect(service!.printed("Relayer")).to.equal(relayer);
    const added = jsonOf(
      await cli(["publishers", "add", newsroom.address, "--name", "Le Quotidien", "--domain", "quotidien.example", "--json"], {
        NEWSPROV_ADMIN_TOKEN: "anvil-run-admin-token",
      }),
    );
    expect(added).to.include({ name: "Le Quotidien", active: true, demo: false });
    await publishAndCheckReceipt(frenchArticle(), "french.json", "direct");
    await stop();
  });

  it("runs npm start on anvil in batch mode: the relayer anchors a Merkle batch, and its receipt verifies on anvil", async function () {
    await start("batch");
    await publishAndCheckReceipt(englishArticle(), "english.json", "batch");
    await stop();
  });

  // In place: the batch leaves live only in the service's database (and in the receipts), not on chain.
  it("rebuilds the index from anvil with newsprov reindex --rpc, and npm start then verifies every article", async function () {
    const dataDir = path.join(dir, "data");
    const rebuilt = jsonOf(await cli(["reindex", "--data-dir", dataDir, ...onChain(), "--start-block", startBlock, "--json"]));
    expect(rebuilt).to.include({ anchors: 2, publishers: 1, registry, embedded: false });
    await start("direct");
    for (const cid of receipts) {
      expect(await service!.getJson(`/v1/verify/${cid}`)).to.deep.include({ verified: true, status: "anchored", cid });
    }
    expect(receipts).to.deep.equal(await Promise.all([frenchArticle(), englishArticle()].map(async (article) => (await idOf(article)).cid)));
    await stop();
  });
});
