import type { Command } from "commander";
import { NO_PREVIOUS } from "../../protocol";
import { isDirectory, listArticleFiles, readArticleFile } from "../articleFile";
import { publishAll, type BulkSummary } from "../bulkPublish";
import { fetchDomain } from "../domain";
import { CliError, UsageError } from "../errors";
import { formatProvenance } from "../format/provenance";
import { loadKey } from "../keys";
import { jsonOption, keyOption, parseBulkSize, parsePositiveInteger, requireArticleIdentifier, serverOption, type JsonOption } from "../options";
import { emit, fieldLines } from "../output";
import { createProgress } from "../progress";
import { publishArticle, type PublishingContext } from "../publication";
import { ServiceClient } from "../serviceClient";

interface PublishOptions extends JsonOption {
  key: string;
  server: URL;
  previous?: string;
  concurrency: number;
  perRequest: number;
}

export function registerPublish(program: Command): void {
  program
    .command("publish")
    .description("sign and anchor an article, or every article of a directory (bulk import)")
    .argument("<file|dir>", "an article (.json or .md), or a directory of them")
    .addOption(keyOption().makeOptionMandatory())
    .addOption(serverOption())
    .option("--previous <cid|hash>", "the version this article corrects (one file only)")
    .option("--concurrency <n>", "requests in flight at once in a bulk import", parsePositiveInteger, 4)
    .option("--per-request <n>", "articles per request in a bulk import (at most 1000)", parseBulkSize, 100)
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `
A directory import publishes every .json and .md file in it, in name order, through the bulk
endpoint (--per-request articles a request), and ends with a summary. Articles already anchored count
as done, so running it again resumes an interrupted import.`,
    )
    .action((target: string, options: PublishOptions) =>
      isDirectory(target) ? publishDirectory(target, options) : publishOne(target, options),
    );
}

async function connect(options: PublishOptions): Promise<PublishingContext> {
  const client = new ServiceClient(options.server);
  return { client, domain: await fetchDomain(client), key: await loadKey(options.key) };
}

async function publishOne(file: string, options: PublishOptions): Promise<void> {
  const previous = options.previous ? await requireArticleIdentifier(options.previous, "--previous") : NO_PREVIOUS;
  const article = await readArticleFile(file);
  const published = await publishArticle(article, await connect(options), previous);
  const facts = await formatProvenance(published.provenance);
  emit(options, published, ({ status }) => [status === "published" ? "Published." : "Already anchored: nothing to do.", ...facts]);
}

async function publishDirectory(dir: string, options: PublishOptions): Promise<void> {
  if (options.previous) throw new UsageError({ message: "--previous applies to one article, not to a directory" });
  const files = listArticleFiles(dir);
  if (files.length === 0) throw new CliError({ code: "no_articles", message: `${dir} holds no .json or .md article` });
  const context = await connect(options);
  const summary = await publishAll(files, context, {
    concurrency: options.concurrency,
    perRequest: options.perRequest,
    progress: createProgress(files.length, options),
  });
  emit(options, summary, formatSummary);
  if (summary.failed > 0) throw new CliError({ code: "bulk_failed", message: `${summary.failed} of ${summary.total} articles failed` });
}

function formatSummary(summary: BulkSummary): string[] {
  return [
    `${summary.total} articles:`,
    ...fieldLines([
      ["Published", summary.published],
      ["Already anchored", summary.alreadyAnchored],
      ["Failed", summary.failed],
    ]),
    ...summary.results.flatMap((result) => (result.status === "failed" ? [`  ${result.file}: ${result.error}`] : [])),
  ];
}
