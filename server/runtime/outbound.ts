import { Agent, setGlobalDispatcher } from "undici";

/**
 * Time limits of every request this process sends with fetch, deliveries included (Fedify posts
 * to inboxes with fetch; Hubnet's own reads have tighter limits, federation/remote-fetch.ts).
 * undici's defaults wait 300 s for an answer, so an inbox that accepts the connection and never
 * answers would hold a queue worker for five minutes per attempt.
 */
export const OUTBOUND_TIMEOUTS = {
  connectTimeout: 10_000,
  headersTimeout: 30_000,
  bodyTimeout: 30_000,
} as const;

/** Kept-alive connections per host, with the limits above, for the whole process. */
export function useOutboundTimeouts(): void {
  setGlobalDispatcher(new Agent(OUTBOUND_TIMEOUTS));
}
