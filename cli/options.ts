import { InvalidArgumentError, Option } from "commander";
import { getAddress, isAddress, isHexString } from "ethers";
import { contentHashOfCid, type ContentHash, type Hex } from "../protocol";
import { BULK_MAX_ITEMS } from "../protocol";
import { cliEnv } from "./env";
import { UsageError } from "./errors";
import { KEY_FROM_ENV } from "./keys";

// Options several commands share, and the parsers of their values.

export const DEFAULT_SERVER = "http://127.0.0.1:3000";

export interface JsonOption {
  json?: boolean;
}

export const jsonOption = () => new Option("--json", "print the answer as JSON on stdout");

export const serverOption = () =>
  new Option("--server <url>", "the news provenance service (or NEWSPROV_SERVER)")
    .default(defaultServer(), cliEnv.server ?? DEFAULT_SERVER)
    .argParser(parseServerUrl);

function defaultServer(): URL {
  try {
    return parseServerUrl(cliEnv.server ?? DEFAULT_SERVER);
  } catch {
    throw new UsageError({ message: `NEWSPROV_SERVER must be an http(s) URL, not "${cliEnv.server}"` });
  }
}

export const keyOption = () =>
  new Option(
    "--key <keystore|env>",
    `the publisher's key: an encrypted JSON keystore (password from NEWSPROV_PASSWORD or a prompt), or "${KEY_FROM_ENV}" for NEWSPROV_PRIVATE_KEY`,
  );

export function parseServerUrl(value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) throw new InvalidArgumentError("must be an http(s) URL.");
  return url;
}

export function parseAddress(value: string): Hex {
  if (!isAddress(value)) throw new InvalidArgumentError("must be an Ethereum address.");
  return getAddress(value) as Hex;
}

/** A block number: where a scan of the chain starts. */
export const blockNumberOption = (flags: string, description: string) =>
  new Option(flags, description).default(0).argParser((value: string) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(number)) throw new InvalidArgumentError("must be a block number.");
    return number;
  });

export function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) throw new InvalidArgumentError("must be a positive integer.");
  return number;
}

/** Articles in one bulk request: the service takes 1 to BULK_MAX_ITEMS. */
export function parseBulkSize(value: string): number {
  const number = parsePositiveInteger(value);
  if (number > BULK_MAX_ITEMS) throw new InvalidArgumentError(`must be at most ${BULK_MAX_ITEMS}.`);
  return number;
}

/** Whether a string names an article version: a CID or a 0x-prefixed content hash. */
export async function articleIdentifier(value: string): Promise<ContentHash | undefined> {
  if (isHexString(value, 32)) return value.toLowerCase() as ContentHash;
  return contentHashOfCid(value);
}

/** The content hash an argument names, or a usage error that says which argument is wrong. */
export async function requireArticleIdentifier(value: string, what: string): Promise<ContentHash> {
  const contentHash = await articleIdentifier(value);
  if (!contentHash)
    throw new UsageError({ message: `${what} must be an article CID (bagaaiera…) or a 0x-prefixed content hash, not "${value}"` });
  return contentHash;
}
