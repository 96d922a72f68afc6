import { Router, type Response } from "express";
import { articleEnvelopeSchema, articleIdentifierSchema, type Provenance } from "../../protocol";
import type { Metrics } from "../metrics";
import { countOutcome } from "../middleware/requestMetrics";
import type { ProvenanceService } from "../services/provenance";
import { validate } from "./validate";

export function verifyRoutes(provenance: ProvenanceService, metrics: Pick<Metrics, "verifications">): Router {
  const router = Router();
  const counted = countOutcome(metrics.verifications);
  const answer = (res: Response, record: Provenance) => {
    res.locals.outcome = record.status;
    res.json(record);
  };
  router.get("/v1/verify/:id", counted, async (req, res) => {
    answer(res, await provenance.describeIdentifier(validate(articleIdentifierSchema, req.params.id, ["id"], "invalid_identifier")));
  });
  router.post("/v1/verify", counted, async (req, res) => {
    const { article } = validate(articleEnvelopeSchema, req.body);
    answer(res, await provenance.describeArticle(article));
  });
  return router;
}
