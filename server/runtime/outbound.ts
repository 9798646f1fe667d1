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

/**
 * How connections to other servers are kept. A server delivers to the same hosts again and
 * again (every post to every follower's server), and a TLS handshake costs more CPU than the
 * request it carries: an idle connection is kept 30 s (longer if the server says so) rather than
 * undici's 4 s, and TLS sessions of up to 1,000 hosts are kept (undici: 100) so a new connection
 * to a known host resumes its session instead of a full handshake.
 */
export const OUTBOUND_CONNECTIONS = {
  keepAliveTimeout: 30_000,
  maxCachedSessions: 1_000,
} as const;

/** Kept-alive connections per host, with the limits above, for the whole process. */
export function useOutboundTimeouts(): void {
  setGlobalDispatcher(
    new Agent({
      ...OUTBOUND_TIMEOUTS,
      keepAliveTimeout: OUTBOUND_CONNECTIONS.keepAliveTimeout,
      connect: { maxCachedSessions: OUTBOUND_CONNECTIONS.maxCachedSessions },
    }),
  );
}
