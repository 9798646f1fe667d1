import type { Federation } from "@fedify/fedify";
import type { Person } from "../db/schema.ts";
import type { Deps } from "../server/deps.ts";
import type { Translator } from "./i18n/translator.ts";
import type { Flash } from "./security/flash.ts";

/** What every web request carries, set by the middleware in web/security. */
export interface WebEnv {
  Variables: {
    deps: Deps;
    federation: Federation<Deps>;
    person: Person | undefined;
    csrfToken: string;
    /** The reader's languages for posts, most wanted first (their choice, then Accept-Language). */
    languages: string[];
    /**
     * A signed fetch without its signature: what Fedify answers first, so a public document is
     * the same for every reader and can be cached (web/security/conditional.ts).
     */
    publicRequest: Request | undefined;
    /** Whether Fedify answered (a federation document), not a web route or the API. */
    fromFederation: boolean;
    /** Puts messages into the reader's interface language (web/i18n/choice.ts). */
    t: Translator;
    /** What the page says about the action that led to it (web/security/flash.ts). */
    flash: Flash | undefined;
    /** Unread notifications of the signed-in person, counted for pages (the header shows it). */
    unread: number;
  };
}
