import { Wallet, ZeroHash, type JsonRpcProvider } from "ethers";
import { jsonRpcProvider } from "../../protocol";
import { freePort, HARDHAT_BIN, startChild, type Child } from "./processes";

// Hardhat's well-known public test key #1: the demo publisher of `npm start`. Not a secret.
export const DEMO_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

type Json = any; // The service's answers, checked field by field by the tests.

/** `npm start` (scripts/start.ts) in a child process on free ports, as an operator runs it. */
export interface NpmStart {
  child: Child;
  /** The API's base URL. */
  base: string;
  /** The chain's JSON-RPC port, as printed. */
  chainUrl: string;
  /** A provider on that port: what a wallet or an outside verifier reaches. */
  chain: JsonRpcProvider;
  /** A value the start banner prints after `label` (e.g. "Registry"). */
  printed(label: string): string;
  getJson(route: string): Promise<Json>;
  post(route: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** The demo publisher's signed publication of an article (README quick start). */
  signAsDemo(article: unknown, previous?: string): Promise<{ article: unknown; signature: string }>;
  /** Ctrl-C, and waits until everything stopped. */
  stop(): Promise<void>;
}

/** Starts `npm start` with `env` (DATA_DIR at least) and waits until it is ready. */
export async function npmStart(env: Record<string, string>): Promise<NpmStart> {
  const ports = { PORT: String(await freePort()), CHAIN_PORT: String(await freePort()) };
  const child = await startChild(
    [HARDHAT_BIN, "run", "scripts/start.ts"],
    { ...ports, LOG_LEVEL: "warn", WRITE_RATE_LIMIT_PER_MINUTE: "0", INDEXER_POLL_MS: "100", ...env },
    /Press Ctrl-C to stop/,
  );
  const printed = (label: string) => {
    const match = new RegExp(`^\\s*${label}\\s+(\\S+)`, "m").exec(child.output());
    if (!match) throw new Error(`npm start printed no ${label}:\n${child.output()}`);
    return match[1]!;
  };
  const base = `http://127.0.0.1:${ports.PORT}`;
  const chainUrl = printed("Chain");
  const chain = jsonRpcProvider(chainUrl);
  const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${route}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const getJson = async (route: string): Promise<Json> => (await fetch(`${base}${route}`)).json();
  return {
    child,
    base,
    chainUrl,
    chain,
    printed,
    getJson,
    post,
    signAsDemo: async (article, previous = ZeroHash) => {
      const { domain, types } = await getJson("/v1/domain");
      const { contentHash } = (await (await post("/v1/hash", { article })).json()) as Json;
      return { article, signature: await new Wallet(DEMO_KEY).signTypedData(domain, types, { contentHash, previous }) };
    },
    stop: async () => {
      chain.destroy();
      await child.stop("SIGINT");
      // `hardhat run` runs the script in a child process, which may print this after its parent exits.
      await child.waitFor(/Stopped\./, 30_000);
    },
  };
}
