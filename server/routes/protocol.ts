import { Router } from "express";
import { articleEnvelopeSchema } from "../../protocol";
import type { ProtocolService } from "../services/protocol";
import { validate } from "./validate";

/** What a client needs to compute a CID and sign a publication itself. */
export function protocolRoutes(protocol: ProtocolService): Router {
  const router = Router();
  router.get("/v1/domain", (_req, res) => {
    res.json(protocol.signingDomain());
  });
  router.post("/v1/hash", async (req, res) => {
    const { article } = validate(articleEnvelopeSchema, req.body);
    res.json(await protocol.identify(article));
  });
  return router;
}
