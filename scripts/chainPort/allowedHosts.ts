import net from "node:net";

/** The Host header that names `host` at `port`: an IPv6 address goes in brackets. */
export const hostHeader = (host: string, port: number): string => `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;

/** 0.0.0.0, ::, ::0…: every address of the machine. */
const isWildcard = (host: string) => host === "" || (net.isIP(host) !== 0 && /^[0:.]+$/.test(host));

const isLoopback = (host: string) => host === "localhost" || host === "::1" || (net.isIPv4(host) && host.startsWith("127."));

/** The names a browser on this machine uses for a loopback port. */
const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];

/**
 * The Host header values a port bound to `host` accepts unless configured otherwise: the bind
 * address itself, and for a loopback bind the loopback names too. A wildcard bind answers on
 * addresses and names we cannot know, so it gets none and the caller must list them: accepting
 * any Host would let a page of another site reach the port through DNS rebinding.
 */
export function defaultAllowedHosts(host: string, port: number): string[] {
  if (isWildcard(host)) return [];
  const names = isLoopback(host) ? [host, ...LOOPBACK_NAMES] : [host];
  return [...new Set(names.map((name) => hostHeader(name, port)))];
}
