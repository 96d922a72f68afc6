import fs from "node:fs";
import { Option, type Command } from "commander";
import { jsonRpcProvider, parseReceipt, parseStatementOrigins, type StatementOrigins } from "../../protocol";
import { verifyReceipt, type CurrentStatus, type ReceiptVerdict } from "../../protocol";
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
    .description("check a receipt with nothing but a JSON-RPC endpoint of the chain (no service, no database), and what the chain says of the version now")
    .argument("<receipt>", "receipt JSON file, as GET /v1/receipts/:cid returns it")
    .option("--article <file>", "the article itself: its CID must be the receipt's")
    .addOption(new Option("--rpc <url>", "JSON-RPC endpoint of the chain the receipt names").conflicts("offline"))
    .addOption(new Option("--offline", "only the checks that need no chain: format, CID, article, signatures, Merkle proof"))
    .addOption(
      new Option("--check-domain", "also fetch the publisher's https://<domain>/.well-known/newsprov.json and check that it lists its key")
        .conflicts("offline"),
    )
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `
Exit codes: 0 valid and current, 3 valid but superseded by a correction, 4 valid but retracted,
1 not valid (or, with --check-domain, a domain that does not list the key).
NEWSPROV_WELL_KNOWN_ORIGINS="domain=http://host:port,…" fetches those domains' files from another origin.`,
    )
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
        const parsed = parseReceipt(receipt);
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
    ...(v.current ? currentLines(v.current) : []),
    ...v.checks.map((check) => `  ${check.ok ? "ok  " : "FAIL"}  ${check.name.padEnd(17)} ${check.detail}`),
    ...(domainCheck ? [domainLine(domainCheck)] : []),
  ]);
  // As `verify` exits: a valid receipt of a version that is no longer its publisher's word is not 0.
  if (!verdict.valid || (domainCheck && domainCheck.status !== "confirmed")) process.exitCode = EXIT.failure;
  else if (verdict.current?.status === "retracted") process.exitCode = EXIT.retracted;
  else if (verdict.current?.status === "superseded") process.exitCode = EXIT.superseded;
}

/** What the chain says of the version now: the receipt proves the past, not that it is still current. */
function currentLines({ status, successor, retraction, publisherRevokedAt }: CurrentStatus): string[] {
  const at = (seconds: number) => new Date(seconds * 1000).toISOString();
  return [
    status === "retracted"
      ? `  RETRACTED by its publisher ${at(retraction!.timestamp)} (block ${retraction!.blockNumber}): ${retraction!.reason}`
      : status === "superseded"
        ? `  SUPERSEDED: a correction replaced it, ${successor!.cid}`
        : "  Current: no correction or retraction of this version on chain.",
    ...(status === "retracted" && successor ? [`  Corrected before its retraction by ${successor.cid}`] : []),
    ...(publisherRevokedAt ? [`  The publisher identity was revoked since, ${at(publisherRevokedAt)}: this anchor, made before, stays valid.`] : []),
  ];
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
