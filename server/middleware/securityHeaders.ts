import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * helmet's security headers on every response, with its default Content Security Policy but for
 * two directives. `script-src 'self'` (no 'unsafe-inline', no 'unsafe-eval'): the web page and
 * Swagger UI at /docs load their scripts as files from this origin, never inline, and a script a
 * text or a quote could smuggle into a page cannot run. No `upgrade-insecure-requests`: the
 * service listens on plain HTTP (127.0.0.1 by default, TLS ends at a proxy), where that directive
 * would send the page's own requests to an https:// origin that does not answer.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        "script-src": ["'self'"],
        "upgrade-insecure-requests": null,
      },
    },
  });
}
