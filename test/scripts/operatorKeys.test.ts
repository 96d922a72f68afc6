import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Wallet } from "ethers";
import { loadOrCreateOperatorKeys, OPERATOR_KEY_FORMAT } from "../../scripts/operatorKeys";

describe("loadOrCreateOperatorKeys", function () {
  let dataDir: string;
  beforeEach(function () {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-keys-"));
  });
  afterEach(function () {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const keyFile = (role: string) => path.join(dataDir, "keys", `${role}.json`);

  it("generates two distinct keys on a fresh data dir, in 0600 files of a 0700 folder", async function () {
    const keys = await loadOrCreateOperatorKeys(dataDir);
    expect(keys.created).to.deep.equal(["admin", "relayer"]);
    expect(keys.admin.address).to.not.equal(keys.relayer.address);
    expect(fs.statSync(keys.dir).mode & 0o777).to.equal(0o700);
    for (const [role, wallet] of [["admin", keys.admin], ["relayer", keys.relayer]] as const) {
      expect(fs.statSync(keyFile(role)).mode & 0o777, role).to.equal(0o600);
      const stored = JSON.parse(fs.readFileSync(keyFile(role), "utf8"));
      expect(stored).to.deep.equal({ format: OPERATOR_KEY_FORMAT, role, address: wallet.address, privateKey: wallet.privateKey });
    }
    expect(fs.readdirSync(keys.dir).sort()).to.deep.equal(["admin.json", "relayer.json"]);
  });

  it("reuses them on the next start", async function () {
    const first = await loadOrCreateOperatorKeys(dataDir);
    const again = await loadOrCreateOperatorKeys(dataDir);
    expect(again.created).to.deep.equal([]);
    expect([again.admin.privateKey, again.relayer.privateKey]).to.deep.equal([first.admin.privateKey, first.relayer.privateKey]);
  });

  it("generates only the key that is missing", async function () {
    const first = await loadOrCreateOperatorKeys(dataDir);
    fs.rmSync(keyFile("relayer"));
    const again = await loadOrCreateOperatorKeys(dataDir);
    expect(again.created).to.deep.equal(["relayer"]);
    expect(again.admin.address).to.equal(first.admin.address);
    expect(again.relayer.address).to.not.equal(first.relayer.address);
  });

  it("refuses a key file other users can read, as ssh does", async function () {
    await loadOrCreateOperatorKeys(dataDir);
    fs.chmodSync(keyFile("admin"), 0o644);
    await expect(loadOrCreateOperatorKeys(dataDir)).to.be.rejectedWith(`${keyFile("admin")} can be read by other users (mode 644): run \`chmod 600`);
  });

  it("refuses a file whose key is not the address it names, or the key of another role", async function () {
    await loadOrCreateOperatorKeys(dataDir);
    const stored = JSON.parse(fs.readFileSync(keyFile("admin"), "utf8"));
    fs.writeFileSync(keyFile("admin"), JSON.stringify({ ...stored, address: Wallet.createRandom().address }));
    await expect(loadOrCreateOperatorKeys(dataDir)).to.be.rejectedWith(`${keyFile("admin")}: its private key is not that of`);
    fs.writeFileSync(keyFile("admin"), JSON.stringify({ ...stored, role: "relayer" }));
    await expect(loadOrCreateOperatorKeys(dataDir)).to.be.rejectedWith("holds the relayer key, not the admin key");
    fs.writeFileSync(keyFile("admin"), "not json");
    await expect(loadOrCreateOperatorKeys(dataDir)).to.be.rejectedWith(`is not a ${OPERATOR_KEY_FORMAT} key file`);
  });
});
