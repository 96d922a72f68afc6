import { Router, type Response } from "express";
import type { AppDeps } from "../app";
import type { ContentHash } from "../protocol";
import { articleEnvelopeSchema, articleIdentifierSchema, validate } from "../schemas";
import { readArticle } from "../services/articleInput";
import { parseArticleIdentifier } from "../services/provenance";
import { countOutcome } from "./metrics";

export function verifyRoutes({ provenance, metrics }: Pick<AppDeps, "provenance" | "metrics">): Router {
  const router = Router();
  const counted = countOutcome(metrics.verifications);
  const answer = async (res: Response, contentHash: ContentHash) => {
    const record = await provenance.describe(contentHash);
    res.locals.outcome = record.status;
    res.json(record);
  };
  router.get("/v1/verify/:id", counted, async (req, res) => {
    await answer(res, await parseArticleIdentifier(validate(articleIdentifierSchema, req.params.id, ["id"], "invalid_identifier")));
  });
  router.post("/v1/verify", counted, async (req, res) => {
    const { article } = validate(articleEnvelopeSchema, req.body);
    await answer(res, (await readArticle(article)).contentHash);
  });
  return router;
}
