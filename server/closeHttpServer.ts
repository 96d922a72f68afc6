import type { Server } from "node:http";

/** How often idle kept-alive connections are closed while the server drains. */
const IDLE_SWEEP_MS = 50;

/**
 * Stops accepting connections and resolves once every request in flight has been answered. A
 * connection kept alive after its last answer would hold the server open for its keep-alive
 * timeout, so idle connections are closed as they appear; after `graceMs`, the connections still
 * busy are cut.
 */
export function closeHttpServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close((error) => {
      clearInterval(sweep);
      clearTimeout(deadline);
      if (error) reject(error);
      else resolve();
    });
  });
}
