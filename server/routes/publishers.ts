import { Router } from "express";
import { listLimitSchema, publisherAddressSchema, registerPublisherRequestSchema, rotateKeyRequestSchema } from "../../protocol";
import { InvalidRequestError } from "../errors";
import { requireAdmin } from "../middleware/requireAdmin";
import type { PublisherService } from "../services/publishers";
import { validate } from "./validate";

export function publisherRoutes(publishers: PublisherService, adminToken: string | undefined): Router {
  const router = Router();
  const admin = requireAdmin(adminToken);
  const addressParam = (value: unknown) => validate(publisherAddressSchema, value, ["address"]);

  router.post("/v1/publishers", admin, async (req, res) => {
    res.status(201).json(await publishers.register(validate(registerPublisherRequestSchema, req.body)));
  });
  router.get("/v1/publishers", (_req, res) => {
    res.json({ publishers: publishers.list() });
  });
  router.get("/v1/publishers/:address", (req, res) => {
    res.json(publishers.get(addressParam(req.params.address)));
  });
  router.get("/v1/publishers/:address/articles", (req, res) => {
    const limit = validate(listLimitSchema, req.query.limit, ["limit"]);
    res.json({ articles: publishers.recentArticles(addressParam(req.params.address), limit) });
  });
  // Open to anyone, as the file it fetches is: the write rate limit and the checker's cooldown bound it.
  router.post("/v1/publishers/:address/domain-check", async (req, res) => {
    res.json(await publishers.checkDomain(addressParam(req.params.address)));
  });
  router.post("/v1/publishers/:address/revocation", admin, async (req, res) => {
    res.json(await publishers.revoke(addressParam(req.params.address)));
  });
  router.post(
    "/v1/publishers/:address/rotation",
    // With an Authorization header the caller claims to be a registrar and must prove it.
    (req, res, next) => (req.get("authorization") === undefined ? next() : admin(req, res, next)),
    async (req, res) => {
      const request = validate(rotateKeyRequestSchema, req.body);
      const asRegistrar = req.get("authorization") !== undefined;
      if (!asRegistrar && !request.signature) {
        throw new InvalidRequestError({ message: "a key rotation needs the current key's signature, or the admin token" });
      }
      const address = addressParam(req.params.address);
      res.json(await publishers.rotate(address, { newKey: request.newKey, signature: asRegistrar ? undefined : request.signature }));
    },
  );
  return router;
}
