import { Router } from "express";
import type { AppDeps } from "../app";
import { NotFoundError } from "../errors";
import { articleIdentifierSchema, publishRequestSchema, validate } from "../schemas";
import { parseArticleIdentifier } from "../services/provenance";

export function articleRoutes({ publishing, provenance, articles }: Pick<AppDeps, "publishing" | "provenance" | "articles">): Router {
  const router = Router();
  router.post("/v1/articles", async (req, res) => {
    const request = validate(publishRequestSchema, req.body);
    res.status(201).json(await publishing.publish(request));
  });
  router.get("/v1/articles/:cid", async (req, res) => {
    const contentHash = await parseArticleIdentifier(validate(articleIdentifierSchema, req.params.cid, ["cid"]));
    const stored = articles.get(contentHash);
    if (!stored) throw new NotFoundError({ message: "this service holds no article with that CID" });
    res.json({ article: stored.article, signature: stored.signature, provenance: await provenance.describe(contentHash) });
  });
  return router;
}
