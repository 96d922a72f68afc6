import path from "node:path";
import { readArticleFile } from "./articleFile";
import { ArticleFileError } from "./errors";
import { publishArticle, type PublishingContext, type PublishStatus } from "./publication";
import type { Progress } from "./progress";

export type BulkOutcome = { file: string; status: PublishStatus; cid: string } | { file: string; status: "failed"; error: string };

export interface BulkSummary {
  total: number;
  published: number;
  alreadyAnchored: number;
  failed: number;
  /** One outcome per file, in file order. */
  results: BulkOutcome[];
}

/**
 * Publishes every file, a few at a time. A failure is recorded and the run goes on; a rerun
 * skips what is anchored already, so an interrupted import is finished by running it again.
 */
export async function publishAll(
  files: string[],
  context: PublishingContext,
  options: { concurrency: number; progress: Progress },
): Promise<BulkSummary> {
  const results: BulkOutcome[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index]!;
      const outcome = await readArticleFile(file)
        .then((article) => publishArticle(article, context))
        .then(
          ({ status, cid }): BulkOutcome => ({ file: path.basename(file), status, cid }),
          (error: Error): BulkOutcome => ({ file: path.basename(file), status: "failed", error: failureReason(error) }),
        );
      results[index] = outcome;
      options.progress.advance({
        file: outcome.file,
        status: outcome.status,
        detail: outcome.status === "failed" ? outcome.error : outcome.cid,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, files.length) }, worker));
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

/** The outcome names the file already. */
const failureReason = (error: Error) => (error instanceof ArticleFileError ? error.reason : error.message);
