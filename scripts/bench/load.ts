import autocannon from "autocannon";

export interface LoadResult {
  /** Successful (2xx) responses per second over the run. */
  rate: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  /** Answers with a 5xx status: a hostile request must never earn one. */
  serverErrors: number;
  seconds: number;
}

/** How often a run of a fixed amount checks whether it is done. */
const AMOUNT_SAMPLE_MS = 10;

/**
 * Drives one route with autocannon. `bodies` are sent in order, one per request, so every
 * publication is distinct as long as the run needs no more than there are.
 */
export async function load(options: {
  url: string;
  method: "GET" | "POST";
  path: (i: number) => string;
  bodies?: (string | Buffer)[];
  connections: number;
  /** How long to run; or, with `amount`, send exactly that many requests however long it takes. */
  seconds: number;
  amount?: number;
  /** How long one request may take before autocannon counts it a timeout (10 s by default). */
  timeoutSeconds?: number;
}): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    // autocannon notices that `amount` answers came in only when it next samples, by default a
    // whole second later: a run that sends a fixed amount samples often enough to end on time.
    ...(options.amount !== undefined && { amount: options.amount, sampleInt: AMOUNT_SAMPLE_MS }),
    ...(options.timeoutSeconds !== undefined && { timeout: options.timeoutSeconds }),
    requests: [
      {
        method: options.method,
        headers: { "content-type": "application/json" },
        setupRequest: (request) => {
          const i = next++;
          return { ...request, path: options.path(i), ...(options.bodies && { body: options.bodies[i % options.bodies.length] }) };
        },
      },
    ],
  });
  const ok = result["2xx"];
  const seconds = result.duration;
  return {
    rate: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    serverErrors: result["5xx"],
    seconds,
  };
}
