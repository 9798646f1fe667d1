import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";
import {
  Agent,
  buildConnector,
  type Dispatcher,
  getGlobalDispatcher,
  setGlobalDispatcher,
} from "undici";

const { pki } = forge;

export interface KeyAndCert {
  key: string;
  cert: string;
}

export interface TestCa {
  /** The CA certificate (PEM) that clients of the run trust, and nothing else. */
  cert: string;
  /** A server certificate for one host name, signed by this CA. */
  issue(hostname: string): KeyAndCert;
}

/** A throw-away certificate authority for one test run. */
export function createTestCa(): TestCa {
  const ca = newKeyPair();
  const caCert = newCertificate(ca.publicKey, "Hubnet test CA", 2);
  caCert.setIssuer(caCert.subject.attributes);
  caCert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
  ]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());
  return {
    cert: pki.certificateToPem(caCert),
    issue(hostname) {
      // One certificate per host (rather than one for all) so hosts can join the run at any time.
      const leaf = newKeyPair();
      const cert = newCertificate(leaf.publicKey, hostname, 1);
      cert.setIssuer(caCert.subject.attributes);
      cert.setExtensions([
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
        { name: "extKeyUsage", serverAuth: true },
        { name: "subjectAltName", altNames: [{ type: 2, value: hostname }] },
      ]);
      cert.sign(ca.privateKey, forge.md.sha256.create());
      return { key: leaf.pem, cert: pki.certificateToPem(cert) };
    },
  };
}

/**
 * An undici dispatcher that resolves test hosts itself: `https://<host>` (port 443) goes to
 * 127.0.0.1 on the port `portOf(host)` gives, with TLS checked against `caCert` for that host name.
 * Any other destination fails, so a test can never reach the network.
 */
export function createTestHostsDispatcher(
  caCert: string,
  portOf: (hostname: string) => number | undefined,
): Agent {
  const connect = buildConnector({ ca: caCert });
  return new Agent({
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

function newKeyPair() {
  // Node makes the key (fast, native); forge only builds and signs the certificates.
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const forgeKey = pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { pem, privateKey: forgeKey, publicKey: pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

function newCertificate(publicKey: forge.pki.PublicKey, commonName: string, days: number) {
  const cert = pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString("hex")}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  cert.setSubject([{ name: "commonName", value: commonName }]);
  return cert;
}
