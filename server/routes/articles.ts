import { Router, type Request } from "express";
import type { AppDeps } from "../app";
import { NotFoundError } from "../errors";
import type { PendingReceipt } from "../protocol";
import { articleIdentifierSchema, bulkPublishRequestSchema, invalidRequest, publishQuerySchema, publishRequestSchema, retractRequestSchema, validate } from "../schemas";
import { parseArticleIdentifier, type Provenance } from "../services/provenance";
import type { PublishOutcome } from "../services/publishing";
import { errorAnswer, type ErrorBody } from "./errors";
import { countOutcome } from "./metrics";

/** One item's answer in a bulk publish: what a single POST /v1/articles would have answered. */
export type BulkPublishResult =
  | { status: 201; record: Provenance }
  | { status: 202; receipt: PendingReceipt }
  | { status: number; error: ErrorBody };

export function articleRoutes({
  publishing,
  provenance,
  articles,
  history,
  retractions,
  metrics,
}: Pick<AppDeps, "publishing" | "provenance" | "articles" | "history" | "retractions" | "metrics">): Router {
  const router = Router();
  const cidParam = (value: unknown) => validate(articleIdentifierSchema, value, ["cid"], "invalid_identifier");

  router.post("/v1/articles", countOutcome(metrics.publishes), async (req, res) => {
    const request = validate(publishRequestSchema, req.body);
    const { wait } = validate(publishQuerySchema, req.query);
    const outcome = await publishing.publish(request, { wait });
    res.locals.outcome = outcome.kind;
    if (outcome.kind === "pending") res.status(202).json(outcome.receipt);
    else res.status(201).json(outcome.record);
  });
  // A newsroom's archive or a CMS backlog in requests of up to BULK_MAX_ITEMS articles. Items are
  // independent: each is validated, journaled and answered on its own, and they share batches.
  router.post("/v1/articles/bulk", async (req, res) => {
    const { items } = validate(bulkPublishRequestSchema, req.body);
    const { wait } = validate(publishQuerySchema, req.query);
    const requests = items.map((item) => publishRequestSchema.safeParse(item));
    const valid = requests.flatMap((parsed) => (parsed.success ? [parsed.data] : []));
    const outcomes = (await publishing.publishMany(valid, { wait })).values();
    const results = requests.map((parsed): BulkPublishResult => {
      if (!parsed.success) return failure(invalidRequest(parsed.error), req);
      const outcome = outcomes.next().value!;
      return outcome.status === "rejected" ? failure(outcome.reason, req) : success(outcome.value);
    });
    const failed = results.filter((result) => "error" in result).length;
    res.json({ results, summary: { accepted: results.length - failed, failed } });
  });
  router.get("/v1/articles/:cid", async (req, res) => {
    const contentHash = await parseArticleIdentifier(cidParam(req.params.cid));
    const stored = articles.get(contentHash);
    if (!stored) throw new NotFoundError({ message: "this service holds no article with that CID" });
    res.json({ article: stored.article, signature: stored.signature, provenance: await provenance.describe(contentHash) });
  });
  router.get("/v1/articles/:cid/history", async (req, res) => {
    res.json(await history.history(cidParam(req.params.cid)));
  });
  router.post("/v1/articles/:cid/retraction", async (req, res) => {
    const request = validate(retractRequestSchema, req.body);
    res.json(await retractions.retract(cidParam(req.params.cid), request));
  });
  return router;

  function success(outcome: PublishOutcome): BulkPublishResult {
    metrics.publishes.inc({ outcome: outcome.kind });
    return outcome.kind === "pending" ? { status: 202, receipt: outcome.receipt } : { status: 201, record: outcome.record };
  }

  function failure(error: unknown, req: Request): BulkPublishResult {
    const { status, body } = errorAnswer(error, req, metrics);
    metrics.publishes.inc({ outcome: body.code });
    return { status, error: body };
  }
}
