import fs from "node:fs";
import path from "node:path";
import { Wallet } from "ethers";
import { writeFileDurably } from "../server/store/durableFile";
import { z } from "zod";

/** The format of an operator key file: a file in another format is refused, never guessed at. */
export const OPERATOR_KEY_FORMAT = "newsprov-operator-key-v1";

/**
 * The embedded setup's two keys, each with only what it needs: `admin` holds the registry's admin
 * and registrar roles (it deploys the registry, grants roles, registers, revokes and rotates
 * publishers); `relayer` holds the relayer role only (it pays the gas of anchors and batches and
 * signs pending receipts).
 */
export type OperatorRole = "admin" | "relayer";
const ROLES: readonly OperatorRole[] = ["admin", "relayer"];

export interface OperatorKeys {
  /** DATA_DIR/keys. */
  dir: string;
  admin: Wallet;
  relayer: Wallet;
  /** The roles whose key this start generated. */
  created: OperatorRole[];
}

const keyFileSchema = z.strictObject({
  format: z.literal(OPERATOR_KEY_FORMAT),
  role: z.enum(ROLES),
  address: z.string(),
  privateKey: z.string(),
});

/**
 * The operator's keys in `DATA_DIR/keys/`, generated on the first start and reused after. They are
 * plain key files of mode 0600 in a folder of mode 0700, not keystores: a keystore's password would
 * have to sit in the same folder for the service to start unattended, which keeps out nobody who
 * can read the folder, and decrypting it would cost every start a second of scrypt. Their
 * protection is the file mode, which the start checks, as ssh checks its keys; an operator who
 * wants a password brings a keystore of its own on an external chain (RPC_URL).
 */
export async function loadOrCreateOperatorKeys(dataDir: string): Promise<OperatorKeys> {
  const dir = path.join(dataDir, "keys");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const created: OperatorRole[] = [];
  const wallets: Wallet[] = [];
  for (const role of ROLES) {
    const file = path.join(dir, `${role}.json`);
    if (fs.existsSync(file)) {
      wallets.push(readKeyFile(file, role));
    } else {
      created.push(role);
      wallets.push(await writeKeyFile(file, role));
    }
  }
  const [admin, relayer] = wallets as [Wallet, Wallet];
  return { dir, admin, relayer, created };
}

/**
 * The operator's keys of a data dir an earlier start set up, for the tools that work on it with
 * the service stopped (`newsprov reindex`): never generated here, since a new key would hold no role.
 */
export function readOperatorKeys(dataDir: string): OperatorKeys {
  const dir = path.join(dataDir, "keys");
  const [admin, relayer] = ROLES.map((role) => {
    const file = path.join(dir, `${role}.json`);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: ${dataDir} is not a data dir that \`npm start\` set up, or its keys/ was not restored`);
    return readKeyFile(file, role);
  }) as [Wallet, Wallet];
  return { dir, admin, relayer, created: [] };
}

function readKeyFile(file: string, role: OperatorRole): Wallet {
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `${file} can be read by other users (mode ${mode.toString(8)}): run \`chmod 600 ${file}\`, ` +
        "and if anyone else may have read it, treat the key as stolen",
    );
  }
  let parsed;
  try {
    parsed = keyFileSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  } catch (error) {
    throw new Error(`${file} is not a ${OPERATOR_KEY_FORMAT} key file: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (parsed.role !== role) throw new Error(`${file} holds the ${parsed.role} key, not the ${role} key`);
  const wallet = new Wallet(parsed.privateKey);
  if (wallet.address !== parsed.address) throw new Error(`${file}: its private key is not that of ${parsed.address}`);
  return wallet;
}

/** Writes a new key where a crash cannot leave half a file. */
async function writeKeyFile(file: string, role: OperatorRole): Promise<Wallet> {
  const wallet = Wallet.createRandom();
  const content = { format: OPERATOR_KEY_FORMAT, role, address: wallet.address, privateKey: wallet.privateKey };
  // Only the operator may read it, from its creation on.
  await writeFileDurably(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  return new Wallet(wallet.privateKey);
}
