import { Router } from "express";
import swaggerUi from "swagger-ui-express";
import { openApiDocument } from "../openapi/document";

const SWAGGER_OPTIONS = { swaggerUrl: "/openapi.json", customSiteTitle: "News provenance API" };

/** The OpenAPI document, and Swagger UI reading it; the UI's assets come from node_modules, never a CDN. */
export function docsRoutes(): Router {
  const router = Router();
  const document = openApiDocument();
  router.get("/openapi.json", (_req, res) => {
    res.json(document);
  });
  router.get(
    "/docs",
    // The page loads its assets by relative URLs (./swagger-ui.css), which resolve under /docs/ only.
    (req, res, next) => (req.path.endsWith("/") ? next() : res.redirect(301, "/docs/")),
    swaggerUi.setup(undefined, SWAGGER_OPTIONS),
  );
  router.use("/docs", swaggerUi.serveFiles(undefined, SWAGGER_OPTIONS));
  return router;
}
