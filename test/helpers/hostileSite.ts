import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A site of another origin, as a page in the operator's browser would come from: `/` is a page
 * that runs /attack.js, the script given, as a module (no inline script); any other path is an
 * empty page, for frames to start from.
 */
export async function startHostileSite(script: string): Promise<{ origin: string; close(): Promise<void> }> {
  const attackPage = '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/attack.js"></script></head><body></body></html>';
  const files: Record<string, [string, string]> = { "/": ["text/html; charset=utf-8", attackPage], "/attack.js": ["text/javascript", script] };
  const server = http.createServer((req, res) => {
    const [type, body] = files[req.url ?? ""] ?? ["text/html; charset=utf-8", "<!doctype html><title>blank</title>"];
    res.writeHead(200, { "Content-Type": type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
