import fs from "node:fs";
import { Option, type Command } from "commander";
import { jsonRpcProvider } from "../../protocol";
import { verifyReceipt, type ReceiptVerdict } from "../../protocol";
import { checkReceiptOffline } from "../../protocol";
import { readArticleFile } from "../articleFile";
import { CliError } from "../errors";
import { EXIT } from "../exitCodes";
import { jsonOption, type JsonOption } from "../options";
import { emit } from "../output";

interface VerifyReceiptOptions extends JsonOption {
  article?: string;
  rpc?: string;
  offline?: boolean;
}

export function registerVerifyReceipt(program: Command): void {
  program
    .command("verify-receipt")
    .description("check a receipt with nothing but a JSON-RPC endpoint of the chain: no service, no database")
    .argument("<receipt>", "receipt JSON file, as GET /v1/receipts/:cid returns it")
    .option("--article <file>", "the article itself: its CID must be the receipt's")
    .addOption(new Option("--rpc <url>", "JSON-RPC endpoint of the chain the receipt names").conflicts("offline"))
    .addOption(new Option("--offline", "only the checks that need no chain: format, CID, article, signatures, Merkle proof"))
    .addOption(jsonOption())
    .action(async (file: string, options: VerifyReceiptOptions) => {
      const receipt = readJson(file);
      const article = options.article === undefined ? undefined : (await readArticleFile(options.article)).article;
      if (options.offline) return report(options, await offlineVerdict(receipt, article), "the offline checks pass; the chain is not asked");
      if (options.rpc === undefined) throw new CliError({ code: "missing_option", message: "verify-receipt needs --rpc <url>, or --offline" });
      const { rpc } = options;
      const provider = jsonRpcProvider(rpc);
      try {
        const verdict = await verifyReceipt(receipt, provider, article).catch((error: unknown) => {
          throw new CliError({ code: "rpc_failed", message: `cannot check against ${rpc}: ${(error as Error).message}`, cause: error });
        });
        report(options, verdict, "the chain confirms this publication");
      } finally {
        provider.destroy();
      }
    });
}

/** The protocol module's offline checks, in the verdict's shape: valid when every one passes. */
async function offlineVerdict(receipt: unknown, article: unknown): Promise<ReceiptVerdict> {
  const { receipt: read, checks } = await checkReceiptOffline(receipt, article);
  return { valid: checks.every((check) => check.ok), status: read?.status ?? "malformed", checks };
}

function report(options: JsonOption, verdict: ReceiptVerdict, confirmed: string): void {
  emit(options, verdict, (v) => [
    v.valid ? `Receipt valid: ${confirmed}.` : `Receipt NOT valid (${v.status}).`,
    ...v.checks.map((check) => `  ${check.ok ? "ok  " : "FAIL"}  ${check.name.padEnd(17)} ${check.detail}`),
  ]);
  if (!verdict.valid) process.exitCode = EXIT.failure;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new CliError({ code: "bad_receipt_file", message: `${file}: cannot read a JSON receipt (${(error as Error).message})`, cause: error });
  }
}
