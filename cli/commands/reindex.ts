import { Option, type Command } from "commander";
import { isAddress } from "ethers";
import { jsonRpcProvider } from "../../server/chain/jsonRpcProvider";
import { reindex } from "../../server/chain/reindex";
import { UsageError } from "../errors";
import { jsonOption, type JsonOption } from "../options";
import { emit, fieldLines } from "../output";

interface ReindexOptions extends JsonOption {
  dataDir: string;
  rpc: string;
  registry: string;
  startBlock: string;
}

export function registerReindex(program: Command): void {
  program
    .command("reindex")
    .description("operator: rebuild the service's chain index from the registry's events (stop the service first)")
    .addOption(new Option("--data-dir <dir>", "the service's DATA_DIR").default("data"))
    .addOption(new Option("--rpc <url>", "JSON-RPC endpoint of the chain").makeOptionMandatory())
    .addOption(new Option("--registry <address>", "the ArticleRegistry address").makeOptionMandatory())
    .addOption(new Option("--start-block <n>", "the registry's deployment block").default("0"))
    .addOption(jsonOption())
    .action(async (options: ReindexOptions) => {
      if (!isAddress(options.registry)) throw new UsageError({ message: `--registry: ${options.registry} is not an address` });
      const startBlock = Number(options.startBlock);
      if (!Number.isInteger(startBlock) || startBlock < 0) throw new UsageError({ message: "--start-block must be a block number" });
      const provider = jsonRpcProvider(options.rpc);
      try {
        const result = await reindex({ dataDir: options.dataDir, provider, registry: options.registry, startBlock });
        emit(options, result, (r) => [
          "Chain index rebuilt from the registry's events:",
          ...fieldLines([
            ["Database", r.file],
            ["Anchors", r.anchors],
            ["Publishers", r.publishers],
            ["Indexed to block", r.indexedBlock],
          ]),
        ]);
      } finally {
        provider.destroy();
      }
    });
}
