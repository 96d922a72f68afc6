import { expect } from "chai";
import { ethers } from "hardhat";
import { Wallet } from "ethers";
import { operatorWallet } from "../../../server/chain/operatorWallet";
import { ConfigError } from "../../../server/config";
import { KEY_0, relayerKeystoreFiles } from "../../helpers/keys";

describe("operatorWallet", function () {
  const password = "relayer keystore password";
  let keystore: string;

  before(async function () {
    ({ keystore } = await relayerKeystoreFiles(password));
  });

  it("takes a raw key, connected to the provider", async function () {
    const relayer = await operatorWallet({ privateKey: KEY_0 }, ethers.provider, "RELAYER_KEYSTORE");
    expect(relayer.address).to.equal(new Wallet(KEY_0).address);
    expect(relayer.provider).to.equal(ethers.provider);
  });

  it("decrypts an encrypted keystore, connected to the provider", async function () {
    const relayer = await operatorWallet({ keystore, password }, ethers.provider, "RELAYER_KEYSTORE");
    expect(relayer.address).to.equal(new Wallet(KEY_0).address);
    expect(relayer.provider).to.equal(ethers.provider);
  });

  it("stops with one line naming the keystore, never the password, when the password is wrong", async function () {
    const wrong = "not the relayer's password";
    const failure = await operatorWallet({ keystore, password: wrong }, ethers.provider, "RELAYER_KEYSTORE").catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(ConfigError);
    expect((failure as Error).message).to.equal(`RELAYER_KEYSTORE: cannot decrypt ${keystore}: wrong password or damaged keystore`);
    expect((failure as Error).message).to.not.contain(wrong);
  });

  it("stops with one line naming a file that is not a keystore", async function () {
    const failure = await operatorWallet({ keystore: __filename, password }, ethers.provider, "RELAYER_KEYSTORE").catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(ConfigError);
    expect((failure as Error).message).to.equal(`RELAYER_KEYSTORE: ${__filename} is not an encrypted JSON keystore`);
  });
});
