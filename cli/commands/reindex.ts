import { spawn } from "node:child_process";
import path from "node:path";
import { Option, type Command } from "commander";
import { CliError, UsageError } from "../errors";
import { jsonOption, parseAddress, type JsonOption } from "../options";
import { emit, fieldLines } from "../output";

interface ReindexOptions extends JsonOption {
  dataDir: string;
  rpc?: string;
  registry?: string;
  startBlock: string;
}

/** What scripts/reindex.ts prints: the rebuilt index, and the chain it was read from. */
interface ReindexAnswer {
  file: string;
  anchors: number;
  publishers: number;
  indexedBlock: number;
  registry: string;
  embedded: boolean;
}

const PROJECT_ROOT = path.join(__dirname, "..", "..");

export function registerReindex(program: Command): void {
  program
    .command("reindex")
    .description("operator: rebuild the service's chain index from the registry's events (stop the service first)")
    .addOption(new Option("--data-dir <dir>", "the service's DATA_DIR").default("data"))
    .addOption(new Option("--rpc <url>", "JSON-RPC endpoint of an external chain (default: the data dir's embedded chain, started from its journal)"))
    .addOption(new Option("--registry <address>", "the ArticleRegistry address on --rpc").argParser(parseAddress))
    .addOption(new Option("--start-block <n>", "the registry's deployment block on --rpc").default("0"))
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `
Without --rpc, the data dir is an embedded chain's (npm start without RPC_URL): its chain is
started from DATA_DIR/chain-31337.jsonl in a process of its own, and its registry found from
DATA_DIR/keys. The service must be stopped: it and this command would both write the index.`,
    )
    .action(async (options: ReindexOptions) => {
      const startBlock = Number(options.startBlock);
      if (!/^\d+$/.test(options.startBlock) || !Number.isSafeInteger(startBlock)) throw new UsageError({ message: "--start-block must be a block number" });
      if (options.rpc !== undefined && options.registry === undefined) throw new UsageError({ message: "--rpc needs --registry <address>" });
      if (options.rpc === undefined && (options.registry !== undefined || startBlock !== 0)) {
        throw new UsageError({ message: "--registry and --start-block go with --rpc: an embedded data dir's registry is found from its keys" });
      }
      const answer = await runReindexScript({
        DATA_DIR: path.resolve(options.dataDir),
        RPC_URL: options.rpc ?? "",
        REGISTRY_ADDRESS: options.registry ?? "",
        REGISTRY_START_BLOCK: String(startBlock),
      });
      emit(options, answer, (r) => [
        `Chain index rebuilt from the registry's events${r.embedded ? " (embedded chain, replayed from its journal)" : ""}:`,
        ...fieldLines([
          ["Database", r.file],
          ["Registry", r.registry],
          ["Anchors", r.anchors],
          ["Publishers", r.publishers],
          ["Indexed to block", r.indexedBlock],
        ]),
      ]);
    });
}

/**
 * Runs scripts/reindex.ts in Hardhat, which brings the chain up (the embedded one from its
 * journal) and the service's indexer: the CLI itself reaches no module of the service.
 */
function runReindexScript(settings: Record<string, string>): Promise<ReindexAnswer> {
  const hardhat = path.join(PROJECT_ROOT, "node_modules", "hardhat", "internal", "cli", "bootstrap.js");
  const child = spawn(process.execPath, [hardhat, "run", path.join("scripts", "reindex.ts")], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...settings },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", (error) => reject(new CliError({ code: "reindex_failed", message: `cannot run the reindex: ${error.message}`, cause: error })));
    child.once("close", (code) => {
      const lastLine = (text: string) => text.trim().split("\n").at(-1) ?? "";
      if (code !== 0) {
        const reason = lastLine(stderr).replace(/^reindex: /, "") || `scripts/reindex.ts exited with ${code}`;
        return reject(new CliError({ code: "reindex_failed", message: `reindex failed: ${reason}` }));
      }
      try {
        resolve(JSON.parse(lastLine(stdout)) as ReindexAnswer);
      } catch {
        reject(new CliError({ code: "reindex_failed", message: `scripts/reindex.ts printed no result: ${lastLine(stdout) || lastLine(stderr)}` }));
      }
    });
  });
}
