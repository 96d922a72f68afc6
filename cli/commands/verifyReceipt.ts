import fs from "node:fs";
import { Option, type Command } from "commander";
import { jsonRpcProvider, parseStatementOrigins, receiptSchema, type StatementOrigins } from "../../protocol";
import { verifyReceipt, type ReceiptVerdict } from "../../protocol";
import { checkReceiptOffline } from "../../protocol";
import { cliEnv } from "../env";
import { readArticleFile } from "../articleFile";
import { CliError } from "../errors";
import { EXIT } from "../exitCodes";
import { jsonOption, type JsonOption } from "../options";
import { emit } from "../output";
import { checkPublisherDomain, type DomainCheckReport } from "../publisherDomain";

interface VerifyReceiptOptions extends JsonOption {
  article?: string;
  rpc?: string;
  offline?: boolean;
  checkDomain?: boolean;
}

export function registerVerifyReceipt(program: Command): void {
  program
    .command("verify-receipt")
    .description("check a receipt with nothing but a JSON-RPC endpoint of the chain: no service, no database")
    .argument("<receipt>", "receipt JSON file, as GET /v1/receipts/:cid returns it")
    .option("--article <file>", "the article itself: its CID must be the receipt's")
    .addOption(new Option("--rpc <url>", "JSON-RPC endpoint of the chain the receipt names").conflicts("offline"))
    .addOption(new Option("--offline", "only the checks that need no chain: format, CID, article, signatures, Merkle proof"))
    .addOption(
      new Option("--check-domain", "also fetch the publisher's https://<domain>/.well-known/newsprov.json and check that it lists its key")
        .conflicts("offline"),
    )
    .addOption(jsonOption())
    .addHelpText("after", "\nNEWSPROV_WELL_KNOWN_ORIGINS=\"domain=http://host:port,…\" fetches those domains' files from another origin.")
    .action(async (file: string, options: VerifyReceiptOptions) => {
      const receipt = readJson(file);
      const article = options.article === undefined ? undefined : (await readArticleFile(options.article)).article;
      if (options.offline) return report(options, await offlineVerdict(receipt, article), "the offline checks pass; the chain is not asked");
      if (options.rpc === undefined) throw new CliError({ code: "missing_option", message: "verify-receipt needs --rpc <url>, or --offline" });
      const { rpc } = options;
      const origins = options.checkDomain ? wellKnownOrigins() : undefined;
      const provider = jsonRpcProvider(rpc);
      const rpcFailed = (error: unknown): never => {
        throw new CliError({ code: "rpc_failed", message: `cannot check against ${rpc}: ${(error as Error).message}`, cause: error });
      };
      try {
        const verdict = await verifyReceipt(receipt, provider, article).catch(rpcFailed);
        const parsed = receiptSchema.safeParse(receipt);
        const domainCheck = origins && parsed.success ? await checkPublisherDomain(parsed.data, provider, origins).catch(rpcFailed) : undefined;
        report(options, verdict, "the chain confirms this publication", domainCheck);
      } finally {
        provider.destroy();
      }
    });
}

function wellKnownOrigins(): StatementOrigins {
  try {
    return parseStatementOrigins(cliEnv.wellKnownOrigins ?? "");
  } catch (error) {
    throw new CliError({ code: "bad_environment", message: `NEWSPROV_WELL_KNOWN_ORIGINS: ${(error as Error).message}`, cause: error });
  }
}

/** The protocol module's offline checks, in the verdict's shape: valid when every one passes. */
async function offlineVerdict(receipt: unknown, article: unknown): Promise<ReceiptVerdict> {
  const { receipt: read, checks } = await checkReceiptOffline(receipt, article);
  return { valid: checks.every((check) => check.ok), status: read?.status ?? "malformed", checks };
}

/** The verdict, and with --check-domain what the publisher's domain says: a domain that does not confirm the key fails the command too. */
function report(options: JsonOption, verdict: ReceiptVerdict, confirmed: string, domainCheck?: DomainCheckReport): void {
  emit(options, domainCheck ? { ...verdict, domainCheck } : verdict, (v) => [
    v.valid ? `Receipt valid: ${confirmed}.` : `Receipt NOT valid (${v.status}).`,
    ...v.checks.map((check) => `  ${check.ok ? "ok  " : "FAIL"}  ${check.name.padEnd(17)} ${check.detail}`),
    ...(domainCheck ? [domainLine(domainCheck)] : []),
  ]);
  if (!verdict.valid || (domainCheck && domainCheck.status !== "confirmed")) process.exitCode = EXIT.failure;
}

function domainLine(check: DomainCheckReport): string {
  const detail =
    check.status === "confirmed" ? `${check.url} lists the identity's current key ${check.key}` : `${check.status}: ${check.reason}`;
  return `  ${check.status === "confirmed" ? "ok  " : "FAIL"}  ${"domain".padEnd(17)} ${detail}`;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new CliError({ code: "bad_receipt_file", message: `${file}: cannot read a JSON receipt (${(error as Error).message})`, cause: error });
  }
}
