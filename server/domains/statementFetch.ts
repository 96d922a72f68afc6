import http from "node:http";
import https from "node:https";

/** How far the service's fetch of a domain statement may go. */
export interface StatementFetchLimits {
  /** For the whole fetch, redirects included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

/**
 * `public`: a newsroom's own domain, https only, and only to public unicast addresses, checked
 * after DNS resolution on the address actually connected to (so a name that resolves to
 * 127.0.0.1, 10.x or 169.254.169.254, or that rebinds between two lookups, reaches nothing).
 * `mapped`: an origin the operator configured (WELL_KNOWN_ORIGINS): http or https, any address.
 */
export type StatementFetchScope = "public" | "mapped";

export type StatementFetchOutcome = { ok: true; text: string } | { ok: false; reason: string };

// ESM only, so loaded with import(), once; request-filtering-agent checks every address a name
// resolves to against ipaddr.js's ranges and lets only unicast ones through.
let filteringAgents: Promise<{ http: http.Agent; https: https.Agent }> | undefined;
const publicAgents = () =>
  (filteringAgents ??= import("request-filtering-agent").then((module) => ({
    http: new module.RequestFilteringHttpAgent(),
    https: new module.RequestFilteringHttpsAgent(),
  })));

class FetchRefused extends Error {}

/**
 * GETs a domain statement within its limits: a deadline for the whole fetch, a cap on the bytes
 * read, at most `maxRedirects` redirects and each on the same origin (scheme, host and port), an
 * answer of 200 only. Every failure is an outcome with its reason, never a throw: the caller
 * records it as `unreachable`.
 */
export async function fetchStatement(
  url: string,
  scope: StatementFetchScope,
  limits: StatementFetchLimits,
  signal?: AbortSignal,
): Promise<StatementFetchOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new FetchRefused(`no answer within ${limits.timeoutMs} ms`)), limits.timeoutMs);
  const onAbort = () => controller.abort(new FetchRefused("the service is stopping"));
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const first = new URL(url);
    if (scope === "public" && first.protocol !== "https:") throw new FetchRefused("only https is fetched from a domain that WELL_KNOWN_ORIGINS does not map");
    let current = first;
    for (let redirects = 0; ; redirects++) {
      const answer = await get(current, scope, limits.maxBytes, controller.signal);
      if (answer.kind === "body") return { ok: true, text: answer.text };
      if (redirects === limits.maxRedirects) throw new FetchRefused(`more than ${limits.maxRedirects} redirects`);
      const next = new URL(answer.location, current);
      if (next.origin !== first.origin) throw new FetchRefused(`a redirect to ${next.origin}, another origin than ${first.origin}`);
      current = next;
    }
  } catch (error) {
    const reason = controller.signal.aborted ? controller.signal.reason : error;
    return { ok: false, reason: reason instanceof FetchRefused ? reason.message : `cannot fetch ${url}: ${describe(reason)}` };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

type Answer = { kind: "body"; text: string } | { kind: "redirect"; location: string };

async function get(url: URL, scope: StatementFetchScope, maxBytes: number, signal: AbortSignal): Promise<Answer> {
  const secure = url.protocol === "https:";
  const agent = scope === "public" ? (await publicAgents())[secure ? "https" : "http"] : undefined;
  const request = secure ? https.request : http.request;
  return new Promise<Answer>((resolve, reject) => {
    const sent = request(url, { method: "GET", agent, signal, headers: { accept: "application/json", "user-agent": "newsprov-domain-check/1" } }, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if ([301, 302, 303, 307, 308].includes(status) && location) {
        response.resume();
        resolve({ kind: "redirect", location });
        return;
      }
      if (status !== 200) {
        response.resume();
        reject(new FetchRefused(`${url.href} answered HTTP ${status}`));
        return;
      }
      const declared = Number(response.headers["content-length"] ?? 0);
      const tooBig = new FetchRefused(`${url.href} is larger than ${maxBytes} bytes`);
      if (declared > maxBytes) {
        response.destroy();
        reject(tooBig);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          response.destroy();
          reject(tooBig);
          return;
        }
        chunks.push(chunk);
      });
      response.on("end", () => {
        try {
          resolve({ kind: "body", text: new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)) });
        } catch {
          reject(new FetchRefused(`${url.href} is not UTF-8 text`));
        }
      });
      response.on("error", reject);
    });
    sent.on("error", reject);
    sent.end();
  });
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
