/**
 * The simulated remote servers: `i<n>.fleet.test`, each with any number of people at
 * `/users/<name>`, sharing one shared inbox `/inbox` per host. One process answers for all.
 */
export const FLEET_DOMAIN = "fleet.test";

export const fleetHost = (n: number) => `i${n}.${FLEET_DOMAIN}`;
export const fleetActorIri = (host: string, name: string) => `https://${host}/users/${name}`;

export interface FleetActor {
  iri: string;
  host: string;
  name: string;
  inbox: string;
  sharedInbox: string;
  keyId: string;
}

/** The k-th actor named `<prefix><k>`, on host number k mod `hosts`. */
export function fleetActor(prefix: string, k: number, hosts: number): FleetActor {
  const host = fleetHost(k % hosts);
  const name = `${prefix}${k}`;
  const iri = fleetActorIri(host, name);
  return {
    iri,
    host,
    name,
    inbox: `${iri}/inbox`,
    sharedInbox: `https://${host}/inbox`,
    keyId: `${iri}#main-key`,
  };
}
