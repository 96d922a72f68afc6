import { getAddress, isAddress } from "ethers";
import { z } from "zod";
import { domainToAscii } from "./publisherIdentity";
import { parseJsonStrict } from "./duplicateKeys";
import type { Hex } from "./types";

// A domain's own statement of the keys it stands behind (docs/protocol.md, "Domain statement"),
// served at https://<domain>/.well-known/newsprov.json, as ATProto binds a handle to a domain.
// The service checks it, and so can anyone: everything a checker computes is here.

/** Format tag of the statement; a checker refuses formats it does not know. */
export const PUBLISHER_STATEMENT_FORMAT = "newsprov-publisher-v1";

/** Where a domain serves its statement (RFC 8615). */
export const PUBLISHER_STATEMENT_PATH = "/.well-known/newsprov.json";

/** Most bytes a checker reads of a statement: a few hundred keys, far more than a newsroom has. */
export const PUBLISHER_STATEMENT_MAX_BYTES = 64 * 1024;

const address = z
  .string()
  .refine(isAddress, { message: "must be an Ethereum address" })
  .transform((value) => getAddress(value) as Hex);

export const publisherStatementSchema = z
  .object({
    format: z.literal(PUBLISHER_STATEMENT_FORMAT),
    publishers: z
      .array(
        z.object({
          chainId: z.number().int().positive(),
          registry: address,
          key: address,
          name: z.string().max(200).optional(),
        }),
      )
      .max(1_000),
  })
  .meta({ id: "PublisherStatement", description: "A domain's statement of the publisher keys it stands behind: /.well-known/newsprov.json" });

export type PublisherStatement = z.infer<typeof publisherStatementSchema>;

/** The outcome of checking a domain's statement: `unchecked` until the first check. */
export const DOMAIN_CHECK_STATUSES = ["confirmed", "not_listed", "unreachable", "unchecked"] as const;
export type DomainCheckStatus = (typeof DOMAIN_CHECK_STATUSES)[number];

/** The publisher identity a statement must list: the chain, the registry and the identity's current key. */
export interface StatementSubject {
  chainId: number | bigint;
  registry: string;
  key: string;
}

export interface StatementVerdict {
  status: Exclude<DomainCheckStatus, "unchecked">;
  /** Why it is not confirmed; null when it is. */
  reason: string | null;
}

/** Reads a statement's text: strict JSON (no repeated member name), of the v1 format. */
export function readPublisherStatement(text: string): { statement: PublisherStatement } | { error: string } {
  let json: unknown;
  try {
    json = parseJsonStrict(text);
  } catch (error) {
    return { error: `the file is not JSON: ${(error as Error).message}` };
  }
  const parsed = publisherStatementSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: `the file is not a ${PUBLISHER_STATEMENT_FORMAT} statement: ${[...issue.path, ""].join(".")}${issue.message}` };
  }
  return { statement: parsed.data };
}

/** Whether a statement lists this chain, registry and key together. */
export function evaluatePublisherStatement(statement: PublisherStatement, subject: StatementSubject): StatementVerdict {
  const registry = getAddress(subject.registry);
  const key = getAddress(subject.key);
  const listed = statement.publishers.some(
    (entry) => BigInt(entry.chainId) === BigInt(subject.chainId) && entry.registry === registry && entry.key === key,
  );
  return listed
    ? { status: "confirmed", reason: null }
    : { status: "not_listed", reason: `the file does not list key ${key} on chain ${subject.chainId}, registry ${registry}` };
}

/** A fetched statement's text, read and evaluated: `unreachable` when it cannot be read. */
export function checkPublisherStatement(text: string, subject: StatementSubject): StatementVerdict {
  const read = readPublisherStatement(text);
  return "error" in read ? { status: "unreachable", reason: read.error } : evaluatePublisherStatement(read.statement, subject);
}

/** Origins that serve some domains' statements instead of https://<domain>: tests, private networks. */
export type StatementOrigins = ReadonlyMap<string, string>;

/**
 * Reads `second.example=http://127.0.0.1:4100,…` (WELL_KNOWN_ORIGINS, NEWSPROV_WELL_KNOWN_ORIGINS):
 * each domain, in its IDNA ASCII form, to an http(s) origin. Throws an Error naming the bad entry.
 */
export function parseStatementOrigins(text: string): StatementOrigins {
  const origins = new Map<string, string>();
  for (const entry of text.split(",").map((item) => item.trim()).filter(Boolean)) {
    const [domain = "", origin = "", ...rest] = entry.split("=");
    const ascii = domainToAscii(domain.trim());
    if (ascii === undefined || rest.length > 0) throw new Error(`"${entry}" is not domain=origin`);
    const url = URL.canParse(origin.trim()) ? new URL(origin.trim()) : undefined;
    if (!url || !/^https?:$/.test(url.protocol) || url.origin === "null" || url.href !== `${url.origin}/`) {
      throw new Error(`"${entry}": ${origin} is not an http or https origin such as http://127.0.0.1:4100`);
    }
    origins.set(ascii, url.origin);
  }
  return origins;
}

/**
 * Where a domain's statement is: https://<domain>/.well-known/newsprov.json, or under the origin
 * the map gives for it. Undefined for what is not a domain name.
 */
export function publisherStatementUrl(domain: string, origins: StatementOrigins = new Map()): string | undefined {
  const ascii = domainToAscii(domain);
  if (ascii === undefined) return undefined;
  return `${origins.get(ascii) ?? `https://${ascii}`}${PUBLISHER_STATEMENT_PATH}`;
}
