import http from "node:http";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface RawRequest {
  method?: string;
  /** Sent as they are, Host included: what any client, not only a browser, can send. */
  headers?: Record<string, string>;
  body?: string;
  /** The client's own address, e.g. 127.0.0.2 for a second client on this machine. */
  localAddress?: string;
}

/** One HTTP request on a connection of its own (so that `localAddress` holds), and its whole answer. */
export function rawRequest(url: string, { method = "POST", headers = {}, body, localAddress }: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, localAddress, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString() }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}
