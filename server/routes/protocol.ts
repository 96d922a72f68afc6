import { Router } from "express";
import type { AppDeps } from "../app";
import { PUBLICATION_TYPES } from "../protocol";
import { articleEnvelopeSchema, validate } from "../schemas";
import { readArticle } from "../services/articleInput";

/** What a client needs to compute a CID and sign a publication itself. */
export function protocolRoutes({ chain }: Pick<AppDeps, "chain">): Router {
  const router = Router();
  router.get("/v1/domain", (_req, res) => {
    const domain = chain.domain();
    res.json({ domain: { ...domain, chainId: Number(domain.chainId) }, types: PUBLICATION_TYPES, primaryType: "Publication" });
  });
  router.post("/v1/hash", async (req, res) => {
    const { article } = validate(articleEnvelopeSchema, req.body);
    const { cid, contentHash, canonical } = await readArticle(article);
    res.json({ cid, contentHash, canonical });
  });
  return router;
}
