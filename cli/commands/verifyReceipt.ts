import fs from "node:fs";
import { Option, type Command } from "commander";
import { jsonRpcProvider } from "../../server/chain/jsonRpcProvider";
import { verifyReceipt } from "../../server/chain/receiptVerifier";
import { readArticleFile } from "../articleFile";
import { CliError } from "../errors";
import { EXIT } from "../exitCodes";
import { jsonOption, type JsonOption } from "../options";
import { emit } from "../output";

interface VerifyReceiptOptions extends JsonOption {
  article?: string;
  rpc: string;
}

export function registerVerifyReceipt(program: Command): void {
  program
    .command("verify-receipt")
    .description("check a receipt with nothing but a JSON-RPC endpoint of the chain: no service, no database")
    .argument("<receipt>", "receipt JSON file, as GET /v1/receipts/:cid returns it")
    .option("--article <file>", "the article itself: its CID must be the receipt's")
    .addOption(new Option("--rpc <url>", "JSON-RPC endpoint of the chain the receipt names").makeOptionMandatory())
    .addOption(jsonOption())
    .action(async (file: string, options: VerifyReceiptOptions) => {
      const receipt = readJson(file);
      const article = options.article === undefined ? undefined : (await readArticleFile(options.article)).article;
      const provider = jsonRpcProvider(options.rpc);
      try {
        const verdict = await verifyReceipt(receipt, provider, article).catch((error: unknown) => {
          throw new CliError({ code: "rpc_failed", message: `cannot check against ${options.rpc}: ${(error as Error).message}`, cause: error });
        });
        emit(options, verdict, (v) => [
          v.valid ? "Receipt valid: the chain confirms this publication." : `Receipt NOT valid (${v.status}).`,
          ...v.checks.map((check) => `  ${check.ok ? "ok  " : "FAIL"}  ${check.name.padEnd(17)} ${check.detail}`),
        ]);
        if (!verdict.valid) process.exitCode = EXIT.failure;
      } finally {
        provider.destroy();
      }
    });
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new CliError({ code: "bad_receipt_file", message: `${file}: cannot read a JSON receipt (${(error as Error).message})`, cause: error });
  }
}
