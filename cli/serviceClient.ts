import { cliEnv } from "./env";
import { CliError, ServiceRequestError } from "./errors";
import type { ErrorBody } from "../protocol";

/** The service's HTTP API. Every failure becomes a ServiceRequestError with a one-line message. */
export class ServiceClient {
  private readonly base: string;

  constructor(baseUrl: URL) {
    this.base = baseUrl.href.replace(/\/+$/, "");
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }

  /** POSTs a JSON body; with `admin`, bearing NEWSPROV_ADMIN_TOKEN. */
  post<T>(path: string, body: unknown, options: { admin?: boolean } = {}): Promise<T> {
    return this.request<T>("POST", path, body, options.admin ? adminToken() : undefined);
  }

  private async request<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ServiceRequestError({
        code: "unreachable",
        message: `cannot reach the service at ${this.base}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
        cause: error,
      });
    }
    const answer = await response.json().catch(() => undefined);
    if (answer === undefined) {
      throw new ServiceRequestError({
        code: "not_json",
        status: response.status,
        message: `${method} ${path} answered ${response.status} with something other than JSON: is ${this.base} a news provenance service?`,
      });
    }
    if (!response.ok) throw serviceError(response.status, answer as { error?: Partial<ErrorBody> });
    return answer as T;
  }
}

function adminToken(): string {
  if (!cliEnv.adminToken)
    throw new CliError({ code: "no_admin_token", message: "this needs the service's admin token in NEWSPROV_ADMIN_TOKEN" });
  return cliEnv.adminToken;
}

function serviceError(status: number, answer: { error?: Partial<ErrorBody> }): ServiceRequestError {
  const { code = `http_${status}`, message = `the service answered ${status}`, details } = answer.error ?? {};
  const issues = Array.isArray(details?.issues)
    ? (details.issues as { path?: unknown[]; message?: string }[]).map((issue) => `${issue.path?.join(".")}: ${issue.message}`)
    : [];
  const text = issues.length > 0 ? `${message}: ${issues.join("; ")}` : message;
  return new ServiceRequestError({ code, status, message: `${text} (${code})`, details });
}
