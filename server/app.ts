import express, { type Express } from "express";
import type { Logger } from "pino";
import type { Metrics } from "./metrics";
import { errorHandler, notFound } from "./middleware/errors";
import { writeBudget } from "./middleware/rateLimit";
import { refuseWrites } from "./middleware/readOnly";
import { checkBody, requireJson } from "./middleware/requestChecks";
import { requestLogging } from "./middleware/requestLogging";
import { observeRequests } from "./middleware/requestMetrics";
import { securityHeaders } from "./middleware/securityHeaders";
import { articleRoutes } from "./routes/articles";
import { batchRoutes } from "./routes/batches";
import { docsRoutes } from "./routes/docs";
import { healthRoutes } from "./routes/health";
import { metricsRoutes } from "./routes/metrics";
import { protocolRoutes } from "./routes/protocol";
import { publisherRoutes } from "./routes/publishers";
import { quoteRoutes } from "./routes/quotes";
import { receiptRoutes } from "./routes/receipts";
import { verifyRoutes } from "./routes/verify";
import type { ArticleService } from "./services/articles";
import type { BatchService } from "./services/batches";
import type { HealthService } from "./services/health";
import type { HistoryService } from "./services/history";
import type { ProtocolService } from "./services/protocol";
import type { ProvenanceService } from "./services/provenance";
import type { PublisherService } from "./services/publishers";
import type { PublishingService } from "./services/publishing";
import type { QuoteService } from "./services/quotes";
import type { ReceiptService } from "./services/receipts";
import type { RetractionService } from "./services/retractions";

/** The operations behind the routes: everything the HTTP API does, it does through one of these. */
export interface AppServices {
  protocol: ProtocolService;
  provenance: ProvenanceService;
  articles: ArticleService;
  history: HistoryService;
  /** What sends transactions: absent on a read replica (READ_ONLY=1), whose app refuses every write route. */
  writes: WriteServices | undefined;
  receipts: ReceiptService;
  batches: BatchService;
  publishers: PublisherService;
  quotes: QuoteService;
  health: HealthService;
}

export interface WriteServices {
  publishing: PublishingService;
  retractions: RetractionService;
}

/** How the HTTP layer itself behaves. */
export interface AppOptions {
  /** Bearer token of the admin endpoints; without one they refuse every request. */
  adminToken: string | undefined;
  maxBodyBytes: number;
  /** POST requests (and bulk items refused for their signer) a client may send per minute; 0: no limit. */
  writeRateLimitPerMinute: number;
  logger: Logger;
  metrics: Metrics;
  /** Folder of the reader's built pages (scripts/buildWeb.ts), served at /; none: the API alone. */
  webRoot?: string | undefined;
}

/** Builds the HTTP API from its services. It does not listen: scripts/start.ts does. */
export function createApp(services: AppServices, options: AppOptions): Express {
  const { logger, metrics } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(requestLogging(logger));
  app.use(observeRequests(metrics));
  app.use(securityHeaders());
  // Before anything reads the request: a replica refuses a write whatever it holds, at no cost.
  if (!services.writes) app.use(refuseWrites());
  const budget = writeBudget(options.writeRateLimitPerMinute, logger);
  app.use(budget.limiter);
  app.use(requireJson);
  // Uncompressed bodies only (415 otherwise): inflating is work done for anyone before any check.
  app.use(express.json({ limit: options.maxBodyBytes, strict: true, inflate: false, verify: checkBody }));
  app.use(healthRoutes(services.health));
  app.use(metricsRoutes(metrics));
  app.use(docsRoutes());
  app.use(protocolRoutes(services.protocol));
  app.use(publisherRoutes(services.publishers, options.adminToken));
  app.use(articleRoutes(services, metrics, budget));
  app.use(verifyRoutes(services.provenance, metrics));
  app.use(receiptRoutes(services.receipts));
  app.use(batchRoutes(services.batches));
  app.use(quoteRoutes(services.quotes));
  // After the API: no file in the web root can shadow an endpoint.
  if (options.webRoot) app.use(express.static(options.webRoot));
  app.use(notFound);
  app.use(errorHandler(metrics));
  return app;
}
