import { createSecureContext } from "node:tls";
import {
  Agent,
  buildConnector,
  type Dispatcher,
  getGlobalDispatcher,
  setGlobalDispatcher,
} from "undici";
import {
  type CertificateAuthority,
  createCertificateAuthority,
  type KeyAndCert,
} from "../../server/demo/certificates.ts";
import { OUTBOUND_CONNECTIONS } from "../../server/runtime/outbound.ts";

export type { KeyAndCert };
export type TestCa = CertificateAuthority;

/** A throw-away certificate authority for one test run (the demo network's kind). */
export const createTestCa = (): TestCa => createCertificateAuthority("Hubnet test CA", 2);

/**
 * An undici dispatcher that resolves test hosts itself: `https://<host>` (port 443) goes to
 * 127.0.0.1 on the port `portOf(host)` gives, with TLS checked against `caCert` for that host name.
 * Any other destination fails, so a test can never reach the network.
 */
export function createTestHostsDispatcher(
  caCert: string,
  portOf: (hostname: string) => number | undefined,
): Agent {
  // Connections kept as a production server keeps them (server/runtime/outbound.ts).
  // One TLS context for every connection, as Node keeps its default one: with `ca` alone, each
  // connection would parse the certificate again.
  const connect = buildConnector({
    secureContext: createSecureContext({ ca: caCert }),
    maxCachedSessions: OUTBOUND_CONNECTIONS.maxCachedSessions,
  } as buildConnector.BuildOptions);
  return new Agent({
    keepAliveTimeout: OUTBOUND_CONNECTIONS.keepAliveTimeout,
    connect: (options, callback) => {
      const https = options.protocol === "https:" && (options.port || "443") === "443";
      const port = https ? portOf(options.hostname) : undefined;
      if (port == null) {
        const where = `${options.protocol}//${options.hostname}${options.port ? `:${options.port}` : ""}`;
        callback(new Error(`${where} is not a test instance; tests never reach the network`), null);
        return;
      }
      // servername keeps SNI and the certificate check on the public host name.
      connect(
        {
          ...options,
          hostname: "127.0.0.1",
          host: "127.0.0.1",
          port: String(port),
          servername: options.hostname,
        },
        callback,
      );
    },
  });
}

/** Node's fetch honours undici's global dispatcher (same undici major); returns an undo. */
export function useGlobalDispatcher(dispatcher: Dispatcher): () => Promise<void> {
  const previous = getGlobalDispatcher();
  setGlobalDispatcher(dispatcher);
  return async () => {
    setGlobalDispatcher(previous);
    await dispatcher.destroy();
  };
}
