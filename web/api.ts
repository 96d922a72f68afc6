import type { ArticleHistory, Provenance, PublisherView, QuoteVerification, RecentArticle, StoredArticleAnswer } from "../protocol";

// The answers' types come from the protocol module's description of the API (type-only imports,
// erased by esbuild): the page and the API cannot drift apart unnoticed.
export type { ArticleHistory, HistoryEntry, Provenance, PublisherView, QuoteVerification, RecentArticle } from "../protocol";
export type StoredArticle = StoredArticleAnswer;

/** An error answer of the API (docs/api.md, "Error codes"), or a network failure (status 0). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch {
    throw new ApiError(0, "network_error", "the service could not be reached; check your connection and try again");
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as T;
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  throw new ApiError(response.status, error?.code ?? "http_error", error?.message ?? `the service answered ${response.status}`);
}

const post = <T>(path: string, body: unknown) =>
  request<T>(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const segment = encodeURIComponent;

/**
 * The read-only endpoints a reader's page needs. Their paths are relative to the page, which the
 * service serves at its root: behind a proxy that mounts the service under a path, both move together.
 */
export const api = {
  verify: (cid: string) => request<Provenance>(`v1/verify/${segment(cid)}`),
  article: (cid: string) => request<StoredArticle>(`v1/articles/${segment(cid)}`),
  history: (cid: string) => request<ArticleHistory>(`v1/articles/${segment(cid)}/history`),
  verifyQuote: (text: string) => post<QuoteVerification>("v1/verify/quote", { text }),
  publishers: () => request<{ publishers: PublisherView[] }>("v1/publishers"),
  publisherArticles: (address: string, limit: number) =>
    request<{ articles: RecentArticle[] }>(`v1/publishers/${segment(address)}/articles?limit=${limit}`),
};

/** An article this service holds, with its provenance; undefined when it holds no text for it. */
export async function storedArticle(cid: string): Promise<StoredArticle | undefined> {
  try {
    return await api.article(cid);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}
