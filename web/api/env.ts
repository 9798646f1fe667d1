import type { Person, TokenScope } from "../../db/schema.ts";
import type { WebEnv } from "../env.ts";

/** Who calls the API: a person, through a token with its scopes or through the web UI's session. */
export interface Caller {
  person: Person;
  scopes: ReadonlySet<TokenScope>;
  via: "token" | "session";
  /** For rate limits: the token's id, or the person's id for a session. */
  key: string;
}

export interface ApiEnv {
  Variables: WebEnv["Variables"] & { caller: Caller | undefined };
}
