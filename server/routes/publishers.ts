import { Router } from "express";
import type { AppDeps } from "../app";
import { publisherAddressSchema, registerPublisherRequestSchema, validate } from "../schemas";
import { requireAdmin } from "./middleware";

export function publisherRoutes({ publishers, adminToken }: Pick<AppDeps, "publishers" | "adminToken">): Router {
  const router = Router();
  router.post("/v1/publishers", requireAdmin(adminToken), async (req, res) => {
    const request = validate(registerPublisherRequestSchema, req.body);
    res.status(201).json(await publishers.register(request));
  });
  router.get("/v1/publishers/:address", (req, res) => {
    res.json(publishers.get(validate(publisherAddressSchema, req.params.address, ["address"])));
  });
  return router;
}
