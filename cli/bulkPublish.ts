import path from "node:path";
import { NO_PREVIOUS } from "../protocol";
import type { BulkPublishResult } from "../protocol";
import { readArticleFile } from "./articleFile";
import { ArticleFileError } from "./errors";
import type { Progress } from "./progress";
import type { PublishingContext, PublishStatus } from "./publication";
import { signPublication } from "../protocol";

export type BulkOutcome = { file: string; status: PublishStatus; cid: string } | { file: string; status: "failed"; error: string };

export interface BulkSummary {
  total: number;
  published: number;
  alreadyAnchored: number;
  failed: number;
  /** One outcome per file, in file order. */
  results: BulkOutcome[];
}

/** JSON bytes one POST /v1/articles/bulk request may carry: the service takes 4 MiB by default. */
const BYTES_PER_REQUEST = 2 * 1024 * 1024;

/** A file read and signed, ready to send; or why it could not be. */
type Item = { file: string; cid: string; request: { article: unknown; signature: string }; bytes: number } | { file: string; error: string };

/**
 * Publishes every file through POST /v1/articles/bulk, `perRequest` files a request and
 * `concurrency` requests at a time, reading
 * and signing each file only when its request is next. A failure is recorded and the run goes on;
 * a rerun gets 409 for what is anchored already, which counts as done, so an interrupted import
 * is finished by running it again.
 */
export async function publishAll(
  files: string[],
  context: PublishingContext,
  options: { concurrency: number; perRequest: number; progress: Progress },
): Promise<BulkSummary> {
  const results: BulkOutcome[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const first = next;
      next = Math.min(files.length, next + options.perRequest);
      const items = await Promise.all(files.slice(first, next).map((file) => signedItem(file, context)));
      const outcomes = (await Promise.all(byteLimited(items).map((group) => publishGroup(group, context)))).flat();
      outcomes.forEach((outcome, i) => {
        results[first + i] = outcome;
        options.progress.advance({ file: outcome.file, status: outcome.status, detail: outcome.status === "failed" ? outcome.error : outcome.cid });
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, Math.ceil(files.length / options.perRequest)) }, worker));
  options.progress.stop();
  const count = (status: BulkOutcome["status"]) => results.filter((result) => result.status === status).length;
  return {
    total: files.length,
    published: count("published"),
    alreadyAnchored: count("already_anchored"),
    failed: count("failed"),
    results,
  };
}

async function signedItem(file: string, { key, domain }: PublishingContext): Promise<Item> {
  const name = path.basename(file);
  try {
    const { article, cid, contentHash } = await readArticleFile(file);
    const request = { article, signature: await signPublication(key, domain, { contentHash, previous: NO_PREVIOUS }) };
    return { file: name, cid, request, bytes: Buffer.byteLength(JSON.stringify(request)) };
  } catch (error) {
    return { file: name, error: failureReason(error as Error) };
  }
}

/** Consecutive groups of at most BYTES_PER_REQUEST each (a larger article alone in its group). */
function byteLimited(items: Item[]): Item[][] {
  const groups: Item[][] = [[]];
  let bytes = 0;
  for (const item of items) {
    const size = "bytes" in item ? item.bytes : 0;
    if (groups.at(-1)!.length > 0 && bytes + size > BYTES_PER_REQUEST) {
      groups.push([]);
      bytes = 0;
    }
    groups.at(-1)!.push(item);
    bytes += size;
  }
  return groups;
}

/** One bulk request for the group's readable files; a request that fails as a whole fails each of them. */
async function publishGroup(items: Item[], { client }: PublishingContext): Promise<BulkOutcome[]> {
  const sendable = items.flatMap((item) => ("request" in item ? [item.request] : []));
  let answers: BulkPublishResult[] = [];
  let requestError: string | undefined;
  if (sendable.length > 0) {
    try {
      answers = (await client.post<{ results: BulkPublishResult[] }>("/v1/articles/bulk", { items: sendable })).results;
    } catch (error) {
      requestError = (error as Error).message;
    }
  }
  let answered = 0;
  return items.map((item): BulkOutcome => {
    if ("error" in item) return { file: item.file, status: "failed", error: item.error };
    if (requestError !== undefined) return { file: item.file, status: "failed", error: requestError };
    return outcomeOf(item.file, item.cid, answers[answered++]);
  });
}

function outcomeOf(file: string, cid: string, answer: BulkPublishResult | undefined): BulkOutcome {
  if (!answer) return { file, status: "failed", error: "the service gave no answer for this article" };
  if (!("error" in answer)) return { file, status: "published", cid };
  if (answer.error.code === "article_already_anchored") return { file, status: "already_anchored", cid };
  return { file, status: "failed", error: `${answer.error.message} (${answer.error.code})` };
}

/** The outcome names the file already. */
const failureReason = (error: Error) => (error instanceof ArticleFileError ? error.reason : error.message);
