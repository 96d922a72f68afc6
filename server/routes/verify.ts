import { Router } from "express";
import type { AppDeps } from "../app";
import { articleEnvelopeSchema, articleIdentifierSchema, validate } from "../schemas";
import { readArticle } from "../services/articleInput";
import { parseArticleIdentifier } from "../services/provenance";

export function verifyRoutes({ provenance }: Pick<AppDeps, "provenance">): Router {
  const router = Router();
  router.get("/v1/verify/:id", async (req, res) => {
    const contentHash = await parseArticleIdentifier(validate(articleIdentifierSchema, req.params.id, ["id"]));
    res.json(await provenance.describe(contentHash));
  });
  router.post("/v1/verify", async (req, res) => {
    const { article } = validate(articleEnvelopeSchema, req.body);
    const { contentHash } = await readArticle(article);
    res.json(await provenance.describe(contentHash));
  });
  return router;
}
