import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { Wallet } from "ethers";
import { expectOneLineError, jsonOf, runCli, tempDir } from "./cli";

describe("newsprov keygen", function () {
  const password = "correct horse battery staple";
  let dir: string;

  before(function () {
    dir = tempDir();
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes an encrypted keystore, readable by its owner only, that decrypts with the password to the printed address", async function () {
    const out = path.join(dir, "newsroom.json");
    const run = await runCli(["keygen", "--out", out, "--json"], { NEWSPROV_PASSWORD: password });
    const { address, keystore } = jsonOf(run);
    expect(keystore).to.equal(out);
    expect(fs.statSync(out).mode & 0o777).to.equal(0o600);
    const wallet = await Wallet.fromEncryptedJson(fs.readFileSync(out, "utf8"), password);
    expect(wallet.address).to.equal(address);
  });

  it("never overwrites an existing file", async function () {
    const out = path.join(dir, "existing.json");
    fs.writeFileSync(out, "precious");
    expectOneLineError(await runCli(["keygen", "--out", out], { NEWSPROV_PASSWORD: password }), 2, /existing\.json already exists/);
    expect(fs.readFileSync(out, "utf8")).to.equal("precious");
  });

  it("asks for the password in NEWSPROV_PASSWORD when there is no terminal to prompt on", async function () {
    const out = path.join(dir, "no-password.json");
    expectOneLineError(await runCli(["keygen", "--out", out]), 1, /set NEWSPROV_PASSWORD/);
    expect(fs.existsSync(out)).to.equal(false);
  });

  it("refuses a short password", async function () {
    expectOneLineError(
      await runCli(["keygen", "--out", path.join(dir, "short.json")], { NEWSPROV_PASSWORD: "1234" }),
      1,
      /at least 8 characters/,
    );
  });
});
