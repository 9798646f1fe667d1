import type { Federation } from "@fedify/fedify";
import type { Person } from "../db/schema.ts";
import type { Deps } from "../server/deps.ts";

/** What every web request carries, set by the middleware in web/security. */
export interface WebEnv {
  Variables: {
    deps: Deps;
    federation: Federation<Deps>;
    person: Person | undefined;
    csrfToken: string;
    /** The reader's languages, most wanted first (from Accept-Language). */
    languages: string[];
    /** Whether Fedify answered (a federation document), not a web route or the API. */
    fromFederation: boolean;
  };
}
