import fs from "node:fs";
import { Wallet, isKeystoreJson, type BaseWallet } from "ethers";

/** Why a keystore could not be opened; the message names the file and never the password. */
export class KeystoreError extends Error {
  override readonly name = "KeystoreError";
  readonly reason: "unreadable" | "not_a_keystore" | "wrong_password";

  constructor(args: { reason: KeystoreError["reason"]; message: string; cause?: unknown }) {
    super(args.message, { cause: args.cause });
    this.reason = args.reason;
  }
}

/**
 * Decrypts an encrypted JSON keystore (ethers' `Wallet.encrypt`, as `newsprov keygen` writes).
 * The password is asked for only once the file is known to be a keystore, so that a wrong path
 * fails before a prompt.
 */
export async function openKeystore(file: string, password: () => string | Promise<string>): Promise<BaseWallet> {
  let json: string;
  try {
    json = fs.readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new KeystoreError({ reason: "unreadable", message: `cannot read the keystore ${file}: ${reason}`, cause: error });
  }
  if (!isKeystoreJson(json)) throw new KeystoreError({ reason: "not_a_keystore", message: `${file} is not an encrypted JSON keystore` });
  const secret = await password();
  try {
    return await Wallet.fromEncryptedJson(json, secret);
  } catch (error) {
    throw new KeystoreError({ reason: "wrong_password", message: `cannot decrypt ${file}: wrong password or damaged keystore`, cause: error });
  }
}
