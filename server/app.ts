import express, { type Express } from "express";
import type { Logger } from "pino";
import type { RegistryIndexer } from "./chain/indexer";
import type { RegistryClient } from "./chain/registryClient";
import type { Metrics } from "./metrics";
import { articleRoutes } from "./routes/articles";
import { docsRoutes } from "./routes/docs";
import { errorHandler, notFound } from "./routes/errors";
import { healthRoutes } from "./routes/health";
import { metricsRoutes, observeRequests } from "./routes/metrics";
import { refuseDuplicateKeys, requireJson } from "./routes/middleware";
import { protocolRoutes } from "./routes/protocol";
import { publisherRoutes } from "./routes/publishers";
import { quoteRoutes } from "./routes/quotes";
import { writeRateLimit } from "./routes/rateLimit";
import { securityHeaders } from "./routes/securityHeaders";
import { requestLogging } from "./routes/requestLogging";
import { receiptRoutes } from "./routes/receipts";
import { verifyRoutes } from "./routes/verify";
import type { HistoryService } from "./services/history";
import type { ProvenanceService } from "./services/provenance";
import type { PublisherService } from "./services/publishers";
import type { PublishingService } from "./services/publishing";
import type { ReceiptService } from "./services/receipts";
import type { QuoteService } from "./services/quotes";
import type { RetractionService } from "./services/retractions";
import type { ArticleStore } from "./store/articles";

export interface AppDeps {
  chain: RegistryClient;
  indexer: RegistryIndexer;
  articles: ArticleStore;
  provenance: ProvenanceService;
  publishing: PublishingService;
  publishers: PublisherService;
  quotes: QuoteService;
  history: HistoryService;
  receipts: ReceiptService;
  retractions: RetractionService;
  /** Bearer token of the admin endpoints; without one they refuse every request. */
  adminToken: string | undefined;
  maxBodyBytes: number;
  /** POST requests a client may send per minute; 0: no limit. */
  writeRateLimitPerMinute: number;
  logger: Logger;
  metrics: Metrics;
  /** Folder of the reader's built pages (scripts/buildWeb.ts), served at /; none: the API alone. */
  webRoot?: string | undefined;
}

/** Builds the HTTP API from its dependencies. It does not listen: see server/main.ts. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(requestLogging(deps.logger));
  app.use(observeRequests(deps.metrics));
  app.use(securityHeaders());
  app.use(writeRateLimit(deps.writeRateLimitPerMinute, deps.logger));
  app.use(requireJson);
  // Uncompressed bodies only (415 otherwise): inflating is work done for anyone before any check.
  app.use(express.json({ limit: deps.maxBodyBytes, strict: true, inflate: false, verify: refuseDuplicateKeys }));
  app.use(healthRoutes(deps));
  app.use(metricsRoutes(deps));
  app.use(docsRoutes());
  app.use(protocolRoutes(deps));
  app.use(publisherRoutes(deps));
  app.use(articleRoutes(deps));
  app.use(verifyRoutes(deps));
  app.use(receiptRoutes(deps));
  app.use(quoteRoutes(deps));
  // After the API: no file in the web root can shadow an endpoint.
  if (deps.webRoot) app.use(express.static(deps.webRoot));
  app.use(notFound);
  app.use(errorHandler(deps));
  return app;
}
