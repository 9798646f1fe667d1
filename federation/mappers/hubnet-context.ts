/**
 * Hubnet's JSON-LD extension: the terms for the structured fields of hub content. The namespace
 * IRI is a name, never fetched, the same on every instance so no instance is special; every
 * instance serves the context document at HUBNET_CONTEXT_PATH, and objects carry it inline so a
 * receiver never has to fetch it.
 */
import type { Object as APObject } from "@fedify/vocab";
import jsonld from "jsonld";

export const HUBNET_NS = "https://w3id.org/hubnet/ns#";
export const HUBNET_CONTEXT_PATH = "/ns/hubnet";
/** FEP-0837 (Federated Marketplace) builds on ValueFlows. */
export const VF_NS = "https://w3id.org/valueflows/ont/vf#";
const OM2 = "http://www.ontology-of-units-of-measure.org/resource/om-2/";
const XSD = "http://www.w3.org/2001/XMLSchema#";
/** Event terms as Mobilizon names them, so its servers read Hubnet's events. */
export const SCHEMA_NS = "http://schema.org#";
export const MOBILIZON_NS = "https://joinmobilizon.org/ns#";
const OWN_NAMESPACES = [HUBNET_NS, VF_NS, SCHEMA_NS, MOBILIZON_NS];
/** Text any document using those namespaces contains, inline or through a context's URL. */
const VOCABULARY_MARKERS = ["w3id.org/hubnet", "valueflows", "schema.org", "joinmobilizon.org"];

/**
 * Plain strings stay plain even where a document sets a default `@language` (an object served
 * at its IRI does, so `content` carries its language to JSON-LD readers).
 */
const text = (id: string) => ({ "@id": id, "@language": null });
const set = (id: string) => ({ "@id": id, "@container": "@set", "@language": null });
const languageMap = (id: string) => ({ "@id": id, "@container": "@language" });

export const HUBNET_CONTEXT = {
  hubnet: HUBNET_NS,
  vf: VF_NS,
  sc: SCHEMA_NS,
  mz: MOBILIZON_NS,
  om2: OM2,
  hubnetKind: text("hubnet:kind"),
  bodyMap: languageMap("hubnet:body"),
  abstractMap: languageMap("hubnet:abstract"),
  category: text("hubnet:category"),
  languages: set("hubnet:languages"),
  regions: set("hubnet:regions"),
  online: { "@id": "hubnet:online", "@type": `${XSD}boolean` },
  availableFrom: { "@id": "hubnet:availableFrom", "@type": `${XSD}dateTime` },
  availableUntil: { "@id": "hubnet:availableUntil", "@type": `${XSD}dateTime` },
  capacity: { "@id": "hubnet:capacity", "@type": `${XSD}integer` },
  status: text("hubnet:status"),
  matchedWith: { "@id": "hubnet:matchedWith", "@type": "@id" },
  lessonKind: text("hubnet:lessonKind"),
  lessonContextMap: languageMap("hubnet:lessonContext"),
  whatHappenedMap: languageMap("hubnet:whatHappened"),
  outcomeMap: languageMap("hubnet:outcome"),
  recommendationsMap: languageMap("hubnet:recommendations"),
  themes: set("hubnet:themes"),
  timezone: text("mz:timezone"),
  onlineUrl: { "@id": "hubnet:onlineUrl", "@type": "@id" },
  placeAddress: text("hubnet:placeAddress"),
  maximumAttendeeCapacity: { "@id": "sc:maximumAttendeeCapacity", "@type": `${XSD}integer` },
  participantCount: { "@id": "mz:participantCount", "@type": `${XSD}integer` },
  votingMode: text("hubnet:votingMode"),
  optionCounts: { "@id": "hubnet:optionCounts", "@container": "@list" },
  Proposal: "vf:Proposal",
  Intent: "vf:Intent",
  purpose: text("vf:purpose"),
  publishes: "vf:publishes",
  unitBased: { "@id": "vf:unitBased", "@type": `${XSD}boolean` },
  action: text("vf:action"),
  resourceQuantity: "vf:resourceQuantity",
  resourceClassifiedAs: { "@id": "vf:resourceClassifiedAs", "@type": "@id" },
  hasUnit: text("om2:hasUnit"),
  hasNumericalValue: text("om2:hasNumericalValue"),
  // A space (Group actor): what it is, whom it serves, and its place in the hub network.
  spaceKind: text("hubnet:spaceKind"),
  focus: text("hubnet:focus"),
  members: { "@id": "hubnet:members", "@type": "@id" },
  memberOf: { "@id": "hubnet:memberOf", "@type": "@id", "@container": "@set" },
} as const;

/**
 * The context extension fields are read back with: the same terms without the value types and
 * languages they are written with, so a term catches what other senders type differently
 * (Mobilizon types `timezone` as `sc:Text`); `plainValues` then unwraps such values. Mobilizon
 * also names an event's place `sc:location`.
 */
const READING_CONTEXT = {
  ...Object.fromEntries(
    Object.entries(HUBNET_CONTEXT).map(([term, definition]) => {
      if (typeof definition !== "object") return [term, definition];
      const {
        "@language": _language,
        "@type": type,
        ...rest
      } = definition as Record<string, unknown>;
      return [term, type === "@id" ? { ...rest, "@type": type } : rest];
    }),
  ),
  schemaLocation: "sc:location",
};

/** The document served at HUBNET_CONTEXT_PATH. */
export const hubnetContextDocument = () => ({ "@context": HUBNET_CONTEXT });

export type ExtensionFields = Record<string, unknown>;

type JsonLdOptions = { format?: "compact" | "expand"; [key: string]: unknown };

/**
 * Makes `object` serialize with Hubnet's fields besides the ActivityStreams ones. Fedify's vocab
 * knows no extension, so its `toJsonLd` is wrapped: compact documents (the object served at its
 * IRI) gain the context, the terms and `language` as the default `@language`, so the plain
 * `content` is language-tagged for JSON-LD readers such as Fedify's; expanded ones (what Fedify
 * embeds into an activity before signing) gain the full IRIs, the language staying in
 * `contentMap`. `extraTypes` are further `type`s.
 */
export function withExtension<T extends APObject>(
  object: T,
  fields: ExtensionFields,
  options: { extraTypes?: string[]; language?: string } = {},
): T {
  const { extraTypes = [], language } = options;
  const hasFields = Object.keys(fields).length > 0;
  const plain = object.toJsonLd.bind(object);
  const toJsonLd = async (options: JsonLdOptions = {}) => {
    const base = (await plain(options as never)) as Record<string, unknown> | unknown[];
    if (options.format === "expand") {
      if (!hasFields && extraTypes.length === 0) return base;
      const [extension] = await jsonld.expand({
        "@context": HUBNET_CONTEXT,
        "@id": object.id?.href,
        "@type": extraTypes,
        ...fields,
      } as unknown as jsonld.JsonLdDocument);
      const node = (base as Record<string, unknown>[])[0] ?? {};
      const {
        "@id": _id,
        "@type": types = [],
        ...props
      } = (extension ?? {}) as Record<string, unknown>;
      node["@type"] = [...((node["@type"] as string[]) ?? []), ...(types as string[])];
      Object.assign(node, props);
      return base;
    }
    const compact = base as Record<string, unknown>;
    const contexts = [
      ...[compact["@context"]].flat().filter((c) => c != null),
      ...(hasFields ? [HUBNET_CONTEXT] : []),
      ...(language && language !== "und" ? [{ "@language": language }] : []),
    ];
    const type = extraTypes.length > 0 ? [compact.type, ...extraTypes] : compact.type;
    return { ...compact, "@context": contexts, type, ...fields };
  };
  Object.defineProperty(object, "toJsonLd", { value: toJsonLd });
  return object;
}

/**
 * The Hubnet fields of the object `objectIri` inside a document as received (an activity that
 * embeds it, or the object itself), compacted to Hubnet's terms. Empty when it has none.
 */
export async function readExtension(
  document: unknown,
  objectIri: string,
  contextLoader: (url: string) => Promise<unknown>,
): Promise<ExtensionFields> {
  // Expanding costs as much as Fedify's own parse: a document that names none of these
  // vocabularies (nearly everything Mastodon sends) has none of their fields.
  const text = JSON.stringify(document);
  if (!VOCABULARY_MARKERS.some((marker) => text.includes(marker))) return {};
  const expanded = await jsonld.expand(document as jsonld.JsonLdDocument, {
    documentLoader: contextLoader as never,
  });
  const node = findNode(expanded, objectIri);
  if (node == null) return {};
  const own = Object.fromEntries(
    Object.entries(node).filter(
      ([key]) => key === "@type" || OWN_NAMESPACES.some((ns) => key.startsWith(ns)),
    ),
  );
  const compacted = (await jsonld.compact(own as jsonld.JsonLdDocument, READING_CONTEXT as never, {
    documentLoader: contextLoader as never,
  })) as ExtensionFields;
  delete compacted["@context"];
  return plainValues(compacted) as ExtensionFields;
}

/**
 * Value objects as their value: a sender's typed or language-tagged literal (Mobilizon types
 * `timezone` as `sc:Text`) reads as the string it holds.
 */
function plainValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainValues);
  if (value == null || typeof value !== "object") return value;
  const node = value as Record<string, unknown>;
  if ("@value" in node) return node["@value"];
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, plainValues(v)]));
}

function findNode(value: unknown, iri: string): Record<string, unknown> | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findNode(item, iri);
      if (found) return found;
    }
    return undefined;
  }
  if (value == null || typeof value !== "object") return undefined;
  const node = value as Record<string, unknown>;
  if (node["@id"] === iri && Object.keys(node).length > 1) return node;
  for (const [key, child] of Object.entries(node)) {
    if (key === "@context") continue;
    const found = findNode(child, iri);
    if (found) return found;
  }
  return undefined;
}
