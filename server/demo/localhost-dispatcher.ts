import { rootCertificates } from "node:tls";
import { Agent, buildConnector, type Dispatcher, setGlobalDispatcher } from "undici";
import { OUTBOUND_TIMEOUTS } from "../runtime/outbound.ts";

/**
 * Outgoing requests of a demo process: names under .localhost go to this machine (browsers do
 * the same; many systems' resolvers do not) over TLS that trusts the demo CA; everything else
 * as usual. Installed as the global dispatcher, which Node's fetch (and so Fedify) uses.
 */
export function useLocalhostDispatcher(caCert: string): Dispatcher {
  const timeout = OUTBOUND_TIMEOUTS.connectTimeout;
  const local = buildConnector({ ca: [...rootCertificates, caCert], timeout });
  const elsewhere = buildConnector({ timeout });
  const dispatcher = new Agent({
    headersTimeout: OUTBOUND_TIMEOUTS.headersTimeout,
    bodyTimeout: OUTBOUND_TIMEOUTS.bodyTimeout,
    connect: (options, callback) => {
      if (!options.hostname.endsWith(".localhost") && options.hostname !== "localhost") {
        elsewhere(options, callback);
        return;
      }
      // servername keeps SNI and the certificate check on the name, not the address.
      local(
        { ...options, hostname: "127.0.0.1", host: "127.0.0.1", servername: options.hostname },
        callback,
      );
    },
  });
  setGlobalDispatcher(dispatcher);
  return dispatcher;
}
