import type { Federation } from "@fedify/fedify";
import type { Deps } from "../../server/deps.ts";

/**
 * Personal and shared inboxes. Fedify verifies each request's signature (unsigned or badly signed
 * ones get 401) before any listener runs.
 */
export function registerInbox(federation: Federation<Deps>): void {
  federation.setInboxListeners("/@{identifier}/inbox", "/inbox");
}
