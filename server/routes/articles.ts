import { Router } from "express";
import type { AppDeps } from "../app";
import { NotFoundError } from "../errors";
import { articleIdentifierSchema, publishQuerySchema, publishRequestSchema, retractRequestSchema, validate } from "../schemas";
import { parseArticleIdentifier } from "../services/provenance";
import { countOutcome } from "./metrics";

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
}
