import path from "node:path";
import { Option, type Command } from "commander";
import { jsonRpcProvider, parseBatchSource, type Hex } from "../../protocol";
import { mirrorBatches, type MirrorReport } from "../batchMirror";
import { fetchDomain } from "../domain";
import { CliError, rpcFailure } from "../errors";
import { blockNumberOption, jsonOption, parseAddress, serverOption, type JsonOption } from "../options";
import { emit, fieldLines } from "../output";
import { ServiceClient } from "../serviceClient";

interface MirrorOptions extends JsonOption {
  server: URL;
  rpc: string;
  registry?: Hex;
  fromBlock: number;
}

export function registerMirror(program: Command): void {
  program
    .command("mirror")
    .description("copy every batch file of a registry from a service into a directory, checking each against the chain")
    .argument("<dir>", "the mirror directory: <root>.json files, as DATA_DIR/batches holds them")
    .addOption(serverOption())
    .addOption(new Option("--rpc <url>", "JSON-RPC endpoint of the registry's chain").makeOptionMandatory())
    .addOption(new Option("--registry <address>", "the ArticleRegistry (default: the one the service names)").argParser(parseAddress))
    .addOption(blockNumberOption("--from-block <n>", "where a first run starts reading the chain (the registry's deployment block)"))
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `
The roots come from the chain's BatchAnchored events, the files from the service; a file is kept
only if its leaves rebuild its root. A run reads only the blocks after the last one it finished
(mirror-state.json) and fetches only the files the directory lacks. Serve the directory as
BATCH_SOURCE, or give it to reindex --batches and audit --batches.
Exit codes: 0 every anchored root's file held, 1 some missing or refused (asked again next run).`,
    )
    .action(async (dir: string, options: MirrorOptions) => {
      const client = new ServiceClient(options.server);
      const domain = await fetchDomain(client);
      const provider = jsonRpcProvider(options.rpc);
      try {
        const chainId = Number((await provider.getNetwork().catch(rpcFailure(options.rpc))).chainId);
        if (chainId !== Number(domain.chainId)) {
          throw new CliError({ code: "wrong_chain", message: `${options.rpc} is chain ${chainId}; the service anchors on chain ${domain.chainId}` });
        }
        const report = await mirrorBatches({
          dir: path.resolve(dir),
          from: parseBatchSource(options.server.href),
          provider,
          chainId,
          registry: options.registry ?? (domain.verifyingContract as Hex),
          fromBlock: options.fromBlock,
        }).catch((error: unknown) => {
          throw new CliError({ code: "mirror_failed", message: `mirror stopped: ${(error as Error).message}`, cause: error });
        });
        emit(options, report, mirrorLines);
        if (report.missing.length > 0 || report.refused.length > 0) process.exitCode = 1;
      } finally {
        provider.destroy();
      }
    });
}

function mirrorLines(r: MirrorReport): string[] {
  return [
    `Mirror of the batches of ${r.registry} (chain ${r.chainId}) in ${r.dir}:`,
    ...fieldLines([
      ["Blocks read", r.toBlock >= r.fromBlock ? `${r.fromBlock} to ${r.toBlock}` : "none new"],
      ["Roots anchored", r.anchored],
      ["Copied", r.copied.length],
      ["Already held", r.alreadyHeld],
      ["Missing", r.missing.length],
      ["Refused", r.refused.length],
    ]),
    ...r.missing.map((root) => `  MISSING ${root}: the service has no file of it`),
    ...r.refused.map(({ root, problem }) => `  REFUSED ${root}: ${problem}`),
  ];
}
