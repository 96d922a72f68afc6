import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Wallet } from "ethers";
import { KEY_0, KEY_1, startExternalChain } from "../helpers/externalChain";
import { npmStart } from "../helpers/npmStart";
import { expectOneLineError, jsonOf, runCli } from "./cli";

// Key #0 is Hardhat's public test key #0, the `hardhat node` registry's deployer and admin here;
// key #1 the demo publisher's, which holds no role. Both are public, not secrets.
const ADMIN = new Wallet(KEY_0).address;

describe("newsprov roles", function () {
  this.timeout(3 * 60_000);

  describe("on a `hardhat node`, as an operator of an external network", function () {
    let chain: Awaited<ReturnType<typeof startExternalChain>>;
    let on: string[];
    const relayer = Wallet.createRandom().address;
    const asAdmin = { NEWSPROV_PRIVATE_KEY: KEY_0 };
    const list = async () => jsonOf(await runCli(["roles", "list", ...on, "--json"])).roles;

    before(async function () {
      chain = await startExternalChain();
      on = ["--rpc", chain.url, "--registry", chain.deployment.address];
      // More blocks than one log request of 2,000 may cover, so that the grant below is read from a later chunk.
      await chain.provider.send("hardhat_mine", ["0x1194"]);
    });
    after(async function () {
      await chain?.stop();
    });

    it("lists the deployer in every role: the constructor grants them all to the admin", async function () {
      const run = await runCli(["roles", "list", ...on]);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/^\s+admin \(DEFAULT_ADMIN_ROLE\)\s+0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 \[a public test key: anyone can act with it\]$/m);
      expect(await list()).to.deep.equal({ admin: [ADMIN], registrar: [ADMIN], relayer: [ADMIN] });
    });

    it("grants the relayer role, signed by the admin key, and a second grant changes nothing", async function () {
      const run = await runCli(["roles", "grant", "relayer", relayer, ...on, "--key", "env", "--json"], asAdmin);
      expect(run.code, run.stderr).to.equal(0);
      const granted = jsonOf(run);
      expect(granted).to.include({ role: "relayer", account: relayer, changed: true, registry: chain.deployment.address, chainId: 31337 });
      expect(granted.blockNumber).to.be.greaterThan(4500);
      expect(await chain.registry.hasRole(await chain.registry.RELAYER_ROLE(), relayer)).to.equal(true);

      const again = await runCli(["roles", "grant", "relayer", relayer, ...on, "--key", "env"], asAdmin);
      expect(again.code, again.stderr).to.equal(0);
      expect(again.stdout).to.contain(`Nothing to do: ${relayer} already holds the relayer role (RELAYER_ROLE).`);
    });

    it("revokes a role, and the list, read from the deployment block in 2,000-block chunks, says who holds each now", async function () {
      const run = await runCli(["roles", "revoke", "relayer", ADMIN, ...on, "--key", "env"], asAdmin);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain(`Revoked the relayer role (RELAYER_ROLE) from ${ADMIN}.`);
      expect(await list()).to.deep.equal({ admin: [ADMIN], registrar: [ADMIN], relayer: [relayer] });
      const fromDeployment = jsonOf(await runCli(["roles", "list", ...on, "--from-block", String(chain.deployment.blockNumber), "--json"]));
      expect(fromDeployment.roles).to.deep.equal({ admin: [ADMIN], registrar: [ADMIN], relayer: [relayer] });
    });

    describe("refuses in one line", function () {
      it("a key without the admin role, before it sends anything (exit 1)", async function () {
        const blockBefore = await chain.provider.getBlockNumber();
        const run = await runCli(["roles", "grant", "registrar", relayer, ...on, "--key", "env"], { NEWSPROV_PRIVATE_KEY: KEY_1 });
        expectOneLineError(run, 1, /--key 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 does not hold the registry's admin role/);
        expect(await chain.provider.getBlockNumber()).to.equal(blockBefore);
      });

      it("an admin key with no ETH to pay (exit 1)", async function () {
        const broke = Wallet.createRandom();
        await (await chain.registry.grantRole(await chain.registry.DEFAULT_ADMIN_ROLE(), broke.address)).wait();
        const run = await runCli(["roles", "grant", "registrar", relayer, ...on, "--key", "env"], { NEWSPROV_PRIVATE_KEY: broke.privateKey });
        expectOneLineError(run, 1, new RegExp(`the admin key ${broke.address} cannot pay for the transaction \\(.+ ETH at most, it holds 0\\.0\\): send it some ETH first`));
      });

      it("an unknown role, a bad address and a missing --registry (exit 2)", async function () {
        expectOneLineError(await runCli(["roles", "grant", "boss", relayer, ...on, "--key", "env"], asAdmin), 2, /Allowed choices are admin, registrar, relayer/);
        expectOneLineError(await runCli(["roles", "grant", "relayer", "0x123", ...on, "--key", "env"], asAdmin), 2, /must be an Ethereum address/);
        expectOneLineError(await runCli(["roles", "list", "--rpc", chain.url]), 2, /--registry/);
      });

      it("a chain that does not answer, and an address with no contract (exit 1)", async function () {
        expectOneLineError(
          await runCli(["roles", "list", "--rpc", "http://127.0.0.1:9", "--registry", chain.deployment.address]),
          1,
          /cannot reach the chain at http:\/\/127\.0\.0\.1:9/,
        );
        expectOneLineError(await runCli(["roles", "list", "--rpc", chain.url, "--registry", relayer]), 1, new RegExp(`no contract at ${relayer} on chain 31337`));
      });
    });
  });

  describe("through the embedded chain's port (npm start)", function () {
    it("lists the operator's own keys, and no public test account, in their roles", async function () {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-roles-"));
      const service = await npmStart({ DATA_DIR: dataDir });
      try {
        const run = await runCli(["roles", "list", "--rpc", service.chainUrl, "--registry", service.printed("Registry"), "--json"]);
        expect(run.code, run.stderr).to.equal(0);
        const [admin, relayer] = ["admin", "relayer"].map((role) => service.printed(role));
        expect(jsonOf(run).roles).to.deep.equal({ admin: [admin], registrar: [admin], relayer: [relayer] });
      } finally {
        await service.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
