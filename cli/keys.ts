import password from "@inquirer/password";
import { Wallet, type BaseWallet } from "ethers";
import { KeystoreError, openKeystore } from "../protocol/keystore";
import { cliEnv } from "./env";
import { CliError, KeyError } from "./errors";

/** The `--key` value that takes the private key from NEWSPROV_PRIVATE_KEY. */
export const KEY_FROM_ENV = "env";

/** Shortest password `keygen` accepts for a new keystore. */
const MIN_PASSWORD_LENGTH = 8;

/** The publisher's key named by `--key`: `env` or the path of an encrypted JSON keystore. */
export async function loadKey(key: string): Promise<BaseWallet> {
  return key === KEY_FROM_ENV ? keyFromEnv() : decryptKeystore(key);
}

function keyFromEnv(): BaseWallet {
  if (!cliEnv.privateKey) throw new KeyError({ message: "--key env needs the private key in NEWSPROV_PRIVATE_KEY" });
  try {
    return new Wallet(cliEnv.privateKey);
  } catch {
    throw new KeyError({ message: "NEWSPROV_PRIVATE_KEY is not a 32-byte hex private key" });
  }
}

async function decryptKeystore(file: string): Promise<BaseWallet> {
  try {
    return await openKeystore(file, () => readPassword(`Password for ${file}`));
  } catch (error) {
    if (!(error instanceof KeystoreError)) throw error;
    const hint = error.reason === "not_a_keystore" ? " (use --key env for a raw key)" : "";
    throw new KeyError({ message: error.message + hint, cause: error });
  }
}

/** A new random key, encrypted with a password asked twice (or taken from NEWSPROV_PASSWORD). */
export async function encryptNewKey(): Promise<{ address: string; keystore: string }> {
  const secret = await readPassword("Password for the new keystore", { confirm: true });
  if (secret.length < MIN_PASSWORD_LENGTH) {
    throw new KeyError({ message: `the keystore password must have at least ${MIN_PASSWORD_LENGTH} characters` });
  }
  const wallet = Wallet.createRandom();
  return { address: wallet.address, keystore: await wallet.encrypt(secret) };
}

/** NEWSPROV_PASSWORD, or a hidden prompt on the terminal (on stderr, to keep stdout for answers). */
async function readPassword(message: string, options: { confirm?: boolean } = {}): Promise<string> {
  if (cliEnv.password !== undefined) return cliEnv.password;
  if (!process.stdin.isTTY) throw new KeyError({ message: "set NEWSPROV_PASSWORD, or run in a terminal to be asked for the password" });
  const first = await prompt(message);
  if (options.confirm && (await prompt("Repeat the password")) !== first) throw new KeyError({ message: "the passwords differ" });
  return first;
}

async function prompt(message: string): Promise<string> {
  try {
    return await password({ message, mask: true }, { output: process.stderr });
  } catch (error) {
    if ((error as Error).name === "ExitPromptError") throw new CliError({ code: "cancelled", message: "cancelled" });
    throw error;
  }
}
