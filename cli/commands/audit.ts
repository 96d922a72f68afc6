import { Option, type Command } from "commander";
import { auditRegistry, jsonRpcProvider, parseBatchSource, type AuditReport, type Hex } from "../../protocol";
import { CliError, rpcFailure } from "../errors";
import { blockNumberOption, jsonOption, parseAddress, type JsonOption } from "../options";
import { emit, fieldLines, note } from "../output";

interface AuditOptions extends JsonOption {
  rpc: string;
  registry: Hex;
  batches: string;
  fromBlock: number;
}

export function registerAudit(program: Command): void {
  program
    .command("audit")
    .description("monitor a registry: replay its events, read every batch file, and check the rules no transaction shows were kept")
    .addOption(new Option("--rpc <url>", "JSON-RPC endpoint of the registry's chain").makeOptionMandatory())
    .addOption(new Option("--registry <address>", "the ArticleRegistry").argParser(parseAddress).makeOptionMandatory())
    .addOption(new Option("--batches <dir|url>", "the batch files: a mirror directory or a service's URL").makeOptionMandatory())
    .addOption(blockNumberOption("--from-block <n>", "the registry's deployment block"))
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `
For every anchored root: its file rebuilds it; each leaf is signed by a key that was its
publisher's current key, the publisher active, at the batch's block. Across the whole registry:
no content hash anchored twice (directly or batched), no version with two successors, no
correction or retraction of a version never anchored. docs/protocol.md, "Auditing a registry".
Exit codes: 0 no violation, 1 violations (each named) or the audit could not finish.`,
    )
    .action(async (options: AuditOptions) => {
      const provider = jsonRpcProvider(options.rpc);
      try {
        await provider.getNetwork().catch(rpcFailure(options.rpc));
        const report = await auditRegistry({
          provider,
          registry: options.registry,
          batches: parseBatchSource(options.batches),
          fromBlock: options.fromBlock,
          onProgress: options.json ? undefined : (block, toBlock) => note(`audited to block ${block} of ${toBlock}`),
        }).catch((error: unknown) => {
          throw new CliError({ code: "audit_failed", message: `the audit could not finish: ${(error as Error).message}`, cause: error });
        });
        emit(options, report, auditLines);
        if (report.violations.length > 0) process.exitCode = 1;
      } finally {
        provider.destroy();
      }
    });
}

function auditLines(r: AuditReport): string[] {
  const { counts } = r;
  return [
    `Audit of the registry ${r.registry} (chain ${r.chainId}), blocks ${r.fromBlock} to ${r.toBlock}:`,
    ...fieldLines([
      ["Publishers", `${counts.publishers} (${counts.keyRotations} key rotations, ${counts.revocations} revoked)`],
      ["Direct anchors", `${counts.directAnchors} (${counts.corrections} corrections)`],
      ["Batches", `${counts.batches} (${counts.batchLeaves} leaves, ${counts.recordedLeaves} recorded)`],
      ["Retractions", counts.retractions],
      ["Violations", r.violations.length],
    ]),
    ...r.violations.map((v) => `  VIOLATION ${v.rule} (block ${v.blockNumber}, tx ${v.txHash}): ${v.message}`),
    r.violations.length === 0 ? "Every rule holds." : `${r.violations.length} violation${r.violations.length === 1 ? "" : "s"}.`,
  ];
}
