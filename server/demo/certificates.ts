import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import forge from "node-forge";

const { pki } = forge;

export interface KeyAndCert {
  key: string;
  cert: string;
}

export interface CertificateAuthority {
  /** The CA certificate (PEM): what a client trusts to accept the certificates it issues. */
  cert: string;
  /** Its private key (PEM), to keep beside it. */
  key: string;
  /** A server certificate for one host name, signed by this CA. */
  issue(hostname: string): KeyAndCert;
}

/**
 * A certificate authority of its own, for instances that federate over real HTTPS on one machine
 * (the demo network, the federation tests). Its certificates are valid for `days`.
 */
export function createCertificateAuthority(
  name = "Hubnet local CA",
  days = 2,
  existing?: KeyAndCert,
): CertificateAuthority {
  const caKey = existing
    ? (pki.privateKeyFromPem(existing.key) as forge.pki.rsa.PrivateKey)
    : newKeyPair().privateKey;
  let caCert: forge.pki.Certificate;
  if (existing) caCert = pki.certificateFromPem(existing.cert);
  else {
    caCert = newCertificate(pki.setRsaPublicKey(caKey.n, caKey.e), name, days);
    caCert.setIssuer(caCert.subject.attributes);
    caCert.setExtensions([
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ]);
    caCert.sign(caKey, forge.md.sha256.create());
  }
  return {
    cert: pki.certificateToPem(caCert),
    key: pki.privateKeyToPem(caKey),
    issue(hostname) {
      // Browsers accept at most 398 days for a server certificate.
      const leaf = newKeyPair();
      const cert = newCertificate(leaf.publicKey, hostname, Math.min(days, 397));
      cert.setIssuer(caCert.subject.attributes);
      cert.setExtensions([
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
        { name: "extKeyUsage", serverAuth: true },
        { name: "subjectAltName", altNames: [{ type: 2, value: hostname }] },
      ]);
      cert.sign(caKey, forge.md.sha256.create());
      return { key: leaf.pem, cert: pki.certificateToPem(cert) };
    },
  };
}

/**
 * The CA kept in `folder` (ca.pem, ca.key.pem), made on first use and valid for ten years: a
 * browser told to trust it once keeps trusting every certificate a later run issues.
 */
export async function loadOrCreateCertificateAuthority(
  folder: string,
): Promise<CertificateAuthority & { file: string }> {
  const file = join(folder, "ca.pem");
  const keyFile = join(folder, "ca.key.pem");
  if (existsSync(file) && existsSync(keyFile)) {
    const existing = { cert: await readFile(file, "utf8"), key: await readFile(keyFile, "utf8") };
    return { ...createCertificateAuthority(undefined, 3650, existing), file };
  }
  const ca = createCertificateAuthority(`Hubnet demo CA ${randomBytes(3).toString("hex")}`, 3650);
  await mkdir(folder, { recursive: true });
  await writeFile(keyFile, ca.key, { mode: 0o600 });
  await writeFile(file, ca.cert);
  return { ...ca, file };
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
