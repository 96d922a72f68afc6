import { EventEmitter, once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PUBLISHER_STATEMENT_FORMAT, type Hex } from "../../protocol";

export type StatementHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A newsroom's web server on loopback, serving what the test says at /.well-known/newsprov.json. */
export interface StatementServer {
  /** http://127.0.0.1:<port>, to map a domain to in WELL_KNOWN_ORIGINS. */
  origin: string;
  /** Every request it received, as "METHOD path". */
  requests: string[];
  /** Resolves on the next request it receives. */
  nextRequest(): Promise<void>;
  /** What it answers from now on. */
  answer(handler: StatementHandler): void;
  close(): Promise<void>;
}

/** A v1 statement listing `keys` on one chain and registry. */
export const statementOf = (chainId: bigint | number, registry: string, keys: Hex[]) =>
  JSON.stringify({ format: PUBLISHER_STATEMENT_FORMAT, publishers: keys.map((key) => ({ chainId: Number(chainId), registry, key })) });

/** Answers the statement text with 200. */
export const serve = (text: string): StatementHandler => (_req, res) => {
  res.writeHead(200, { "content-type": "application/json" }).end(text);
};

/** Never answers: the request stays open until the server closes. */
export const hang: StatementHandler = () => undefined;

export async function startStatementServer(): Promise<StatementServer> {
  let handler: StatementHandler = (_req, res) => void res.writeHead(404).end();
  const requests: string[] = [];
  const events = new EventEmitter();
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    events.emit("request");
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    nextRequest: async () => void (await once(events, "request")),
    answer: (next) => {
      handler = next;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
