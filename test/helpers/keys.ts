import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { encryptKeystoreJson, Wallet, type BaseWallet } from "ethers";

// Hardhat's well-known public test keys #0 (deployer, relayer: the in-process chain's signer #0 and
// `npx hardhat node`'s account #0) and #1 (demo publisher). Both chains fund them. They are not secrets.
export const KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
export const KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
// Hardhat's public test key #3 (signer #3, the registry fixture's relayer), funded on both chains
// too: the sender of the transactions a test signs itself. Not a secret either.
export const KEY_3 = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

/** A keystore with a light scrypt cost, to keep the tests fast; readers accept any cost. */
export const lightKeystore = (wallet: BaseWallet, password: string) =>
  encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, password, { scrypt: { N: 1024 } });

/** Key #0 in a keystore file, and its password in a file of its own, as an operator sets RELAYER_KEYSTORE up. */
export async function relayerKeystoreFiles(password: string): Promise<{ keystore: string; passwordFile: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-keystore-"));
  const keystore = path.join(dir, "relayer.json");
  const passwordFile = path.join(dir, "relayer.password");
  fs.writeFileSync(keystore, await lightKeystore(new Wallet(KEY_0), password));
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  return { keystore, passwordFile };
}
