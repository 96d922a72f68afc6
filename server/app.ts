import express, { type Express } from "express";
import type { Logger } from "pino";
import type { RegistryIndexer } from "./chain/indexer";
import type { RegistryClient } from "./chain/registryClient";
import { articleRoutes } from "./routes/articles";
import { errorHandler, notFound } from "./routes/errors";
import { healthRoutes } from "./routes/health";
import { requireJson } from "./routes/middleware";
import { protocolRoutes } from "./routes/protocol";
import { publisherRoutes } from "./routes/publishers";
import { verifyRoutes } from "./routes/verify";
import type { HistoryService } from "./services/history";
import type { ProvenanceService } from "./services/provenance";
import type { PublisherService } from "./services/publishers";
import type { PublishingService } from "./services/publishing";
import type { RetractionService } from "./services/retractions";
import type { ArticleStore } from "./store/articles";

export interface AppDeps {
  chain: RegistryClient;
  indexer: RegistryIndexer;
  articles: ArticleStore;
  provenance: ProvenanceService;
  publishing: PublishingService;
  publishers: PublisherService;
  history: HistoryService;
  retractions: RetractionService;
  /** Bearer token of the admin endpoints; without one they refuse every request. */
  adminToken: string | undefined;
  maxBodyBytes: number;
  logger: Logger;
}

/** Builds the HTTP API from its dependencies. It does not listen: see server/main.ts. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(requireJson);
  app.use(express.json({ limit: deps.maxBodyBytes, strict: true }));
  app.use(healthRoutes(deps));
  app.use(protocolRoutes(deps));
  app.use(publisherRoutes(deps));
  app.use(articleRoutes(deps));
  app.use(verifyRoutes(deps));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
