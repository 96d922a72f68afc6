import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { closeHttpServer } from "../server/closeHttpServer";
import { hostHeader } from "./chainPort/allowedHosts";
import { chainPortApp } from "./chainPort/app";
import { createDispatch } from "./chainPort/dispatch";
import type { Eip1193Provider } from "./chainPort/jsonRpc";
import { DEFAULT_CHAIN_PORT_LIMITS, type ChainPortLimits } from "./chainPort/limits";
import { refusalLog } from "./chainPort/refusalLog";

export { defaultAllowedHosts } from "./chainPort/allowedHosts";
export { DEFAULT_CHAIN_PORT_LIMITS, type ChainPortLimits } from "./chainPort/limits";
export type { Eip1193Provider } from "./chainPort/jsonRpc";

export interface ChainPortOptions {
  /** The embedded chain. */
  provider: Eip1193Provider;
  host: string;
  port: number;
  /** Host header values accepted, "hostname:port" (e.g. "127.0.0.1:8545", "localhost:8545"). */
  allowedHosts: string[];
  limits?: Partial<ChainPortLimits>;
  logger: Logger;
}

export interface ChainPort {
  url: string;
  /** Stops listening; the answers in flight get CLOSE_GRACE_MS to finish. Calling it again waits for the same close. */
  close(): Promise<void>;
}

/** How long close() lets answers in flight finish: one call at the gas cap takes well under it. */
const CLOSE_GRACE_MS = 1_000;

/**
 * Serves the embedded chain to wallets and other clients over JSON-RPC on HTTP, with what is safe
 * to offer anyone who can reach the port, a hostile page in the operator's browser included: the
 * reads and signed transactions of scripts/chainPort/methods.ts, within `limits`.
 */
export async function startChainPort(options: ChainPortOptions): Promise<ChainPort> {
  // It would answer every request 403: a wildcard bind, whose defaults are none, needs the list.
  if (options.allowedHosts.length === 0) {
    throw new Error(`the chain port on ${hostHeader(options.host, options.port)} has no allowed Host: list the names its clients reach it by`);
  }
  const limits = { ...DEFAULT_CHAIN_PORT_LIMITS, ...options.limits };
  const onRefusal = refusalLog(options.logger);
  const dispatch = createDispatch({ provider: options.provider, limits, onRefusal });
  const app = chainPortApp({ dispatch, allowedHosts: options.allowedHosts, maxBodyBytes: limits.maxBodyBytes, onRefusal, logger: options.logger });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${hostHeader(address.address, address.port)}`,
    close: () => (closed ??= closeHttpServer(server, CLOSE_GRACE_MS)),
  };
}
