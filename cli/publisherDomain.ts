import { Contract, getAddress, type Provider } from "ethers";
import {
  boundedText,
  checkPublisherStatement,
  PUBLISHER_STATEMENT_MAX_BYTES,
  publisherStatementUrl,
  REGISTRY_ABI,
  type DomainCheckStatus,
  type StatementOrigins,
} from "../protocol";

/** What `verify-receipt --check-domain` found: the identity the chain names, and what its domain says of it. */
export interface DomainCheckReport {
  status: Exclude<DomainCheckStatus, "unchecked">;
  /** The identity's name and domain, and its current key, as the registry holds them now. */
  name: string | null;
  domain: string | null;
  key: string | null;
  url: string | null;
  reason: string | null;
}

/** The reader's own fetch: a deadline and a size cap, as the service's, but any address (it is the reader's request). */
const TIMEOUT_MS = 10_000;

/**
 * Reads from the chain the identity that `publisher` (a key it had) belongs to, fetches its
 * domain's /.well-known/newsprov.json itself, and checks that it lists the chain, the registry and
 * the identity's current key: the service's check, done without the service.
 */
export async function checkPublisherDomain(
  receipt: { publisher: string; chainId: number; registry: string },
  provider: Provider,
  origins: StatementOrigins,
): Promise<DomainCheckReport> {
  const registry = new Contract(receipt.registry, REGISTRY_ABI, provider);
  const id: bigint = await registry.getFunction("publisherIdOf")(receipt.publisher);
  const none = { name: null, domain: null, key: null, url: null };
  if (id === 0n) return { ...none, status: "unreachable", reason: `no publisher on chain has, or had, the key ${receipt.publisher}` };
  const identity = (await registry.getFunction("getPublisher")(id)) as { key: string; name: string; domain: string };
  const found = { name: identity.name, domain: identity.domain, key: getAddress(identity.key) };
  const url = publisherStatementUrl(identity.domain, origins);
  if (url === undefined) return { ...found, url: null, status: "unreachable", reason: "the publisher's domain is not a domain name" };
  const text = await fetchText(url);
  const verdict = "error" in text ? { status: "unreachable" as const, reason: text.error } : checkPublisherStatement(text.text, { ...receipt, key: found.key });
  return { ...found, url, ...verdict };
}

async function fetchText(url: string): Promise<{ text: string } | { error: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: "application/json" } });
    if (response.status !== 200) return { error: `${url} answered HTTP ${response.status}` };
    const text = await boundedText(response, PUBLISHER_STATEMENT_MAX_BYTES);
    return text === undefined ? { error: `${url} is larger than ${PUBLISHER_STATEMENT_MAX_BYTES} bytes` } : { text };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { error: `cannot fetch ${url}: ${cause ?? (error as Error).message}` };
  }
}
