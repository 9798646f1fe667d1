import autocannon from "autocannon";

export interface LoadResult {
  /** Mean requests per second over the measured seconds. */
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx answers and connection errors: any makes the figure suspect. */
  failures: number;
  /** Requests that got no answer within autocannon's 10 s (counted among the errors too). */
  timeouts: number;
}

export interface LoadTarget {
  url: string;
  headers?: Record<string, string>;
}

/**
 * autocannon against one URL: a one-second warm-up, then `seconds` measured. `cold` measures
 * from the first request, without the warm-up (a server just started).
 */
export async function load(
  target: LoadTarget,
  options: { connections: number; seconds: number; cold?: boolean },
): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url: target.url,
      headers: target.headers ?? {},
      connections: options.connections,
      duration,
      pipelining: 1,
    });
  if (!options.cold) {
    await run(1);
    await settle();
  }
  const result = await run(options.seconds);
  await settle();
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors,
    timeouts: result.timeouts,
  };
}

/** autocannon leaves requests in flight when it stops; let the server finish them first. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));
