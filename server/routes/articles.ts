import { Router, type Request } from "express";
import {
  articleIdentifierSchema,
  bulkPublishRequestSchema,
  publishQuerySchema,
  publishRequestSchema,
  retractRequestSchema,
  type BulkPublishResponse,
  type BulkPublishResult,
} from "../../protocol";
import type { Metrics } from "../metrics";
import { errorAnswer } from "../middleware/errors";
import { SIGNER_REFUSALS, type WriteBudget } from "../middleware/rateLimit";
import { countOutcome } from "../middleware/requestMetrics";
import type { ArticleService } from "../services/articles";
import type { HistoryService } from "../services/history";
import type { PublishingService, PublishOutcome } from "../services/publishing";
import type { RetractionService } from "../services/retractions";
import { invalidRequest, validate } from "./validate";

export interface ArticleRouteServices {
  articles: ArticleService;
  history: HistoryService;
  /** Absent on a read replica: the write routes are then refused before these (server/middleware/readOnly.ts). */
  writes: { publishing: PublishingService; retractions: RetractionService } | undefined;
}

export function articleRoutes(
  { articles, history, writes }: ArticleRouteServices,
  metrics: Pick<Metrics, "publishes" | "chainErrors">,
  budget: Pick<WriteBudget, "spend">,
): Router {
  const router = Router();
  const cidParam = (value: unknown) => validate(articleIdentifierSchema, value, ["cid"], "invalid_identifier");
  router.get("/v1/articles/:cid", async (req, res) => {
    res.json(await articles.get(cidParam(req.params.cid)));
  });
  router.get("/v1/articles/:cid/history", async (req, res) => {
    // JSON already, in pieces: the diffs' parts are sent as stored, without a copy.
    const pieces = await history.history(cidParam(req.params.cid));
    res.type("application/json").set("Content-Length", String(pieces.reduce((sum, piece) => sum + piece.length, 0)));
    for (const piece of pieces) res.write(piece);
    res.end();
  });
  if (!writes) return router;
  const { publishing, retractions } = writes;

  router.post("/v1/articles", countOutcome(metrics.publishes), async (req, res) => {
    const request = validate(publishRequestSchema, req.body);
    const { wait } = validate(publishQuerySchema, req.query);
    const outcome = await publishing.publish(request, { wait });
    res.locals.outcome = outcome.kind;
    if (outcome.kind === "pending") res.status(202).json(outcome.receipt);
    else res.status(201).json(outcome.record);
  });
  // A newsroom's archive or a CMS backlog in requests of up to BULK_MAX_ITEMS articles. Items are
  // independent: each is validated, recorded and answered on its own, and they share batches.
  router.post("/v1/articles/bulk", async (req, res) => {
    const { items } = validate(bulkPublishRequestSchema, req.body);
    const { wait } = validate(publishQuerySchema, req.query);
    const requests = items.map((item) => publishRequestSchema.safeParse(item));
    const valid = requests.flatMap((parsed) => (parsed.success ? [parsed.data] : []));
    // Each item refused for its signer cost a signature recovery: one unit of the write budget.
    const answer = await budget.spend(req, res, valid.length, async () => {
      const outcomes = (await publishing.publishMany(valid, { wait })).values();
      const results = requests.map((parsed): BulkPublishResult => {
        if (!parsed.success) return failure(invalidRequest(parsed.error), req);
        const outcome = outcomes.next().value!;
        return outcome.status === "rejected" ? failure(outcome.reason, req) : success(outcome.value);
      });
      const failed = results.filter((result) => "error" in result).length;
      const refused = results.filter((result) => "error" in result && SIGNER_REFUSALS.has(result.error.code)).length;
      return { answer: { results, summary: { accepted: results.length - failed, failed } } satisfies BulkPublishResponse, refused };
    });
    res.json(answer);
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
