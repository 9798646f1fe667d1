import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Database, DatabaseLike } from "../../db/client.ts";
import type { Person, Space } from "../../db/schema.ts";
import { HandleSchema } from "../handles/handles.ts";
import { LanguageTagSchema } from "../i18n/languages.ts";
import { deleteSetting, getSetting, putSetting } from "../instance/settings.ts";
import { countPeople, createPerson, NewPersonInput, setRole } from "../people/people.ts";
import { createSpace, NewSpaceInput } from "../spaces/spaces.ts";
import { because } from "../validation.ts";

const TOKEN_KEY = "setup_token_sha256";

export const SetupInput = z.object({
  spaceName: z.string().trim().min(1, because("space-name-required")).max(200),
  spaceHandle: HandleSchema.optional(),
  spaceKind: z.enum(["affiliate", "hub"]).default("affiliate"),
  language: LanguageTagSchema.default("en"),
  handle: NewPersonInput.shape.handle,
  email: NewPersonInput.shape.email,
  displayName: NewPersonInput.shape.displayName,
  password: NewPersonInput.shape.password,
});
export type SetupInput = z.input<typeof SetupInput>;

export type SetupResult =
  | { ok: true; space: Space; owner: Person }
  | {
      ok: false;
      reason:
        | "already-set-up"
        | "bad-token"
        | "handle-taken"
        | "email-taken"
        | "space-handle-taken";
    };

/** An instance is set up once it has its first account. */
export async function isSetUp(db: DatabaseLike): Promise<boolean> {
  return (await countPeople(db)) > 0;
}

/** A fresh one-time token for the setup link; only its hash is stored. */
export async function issueSetupToken(db: Database): Promise<string | undefined> {
  if (await isSetUp(db)) return undefined;
  const token = randomBytes(24).toString("base64url");
  await putSetting(db, TOKEN_KEY, sha256(token));
  return token;
}

export async function isValidSetupToken(db: DatabaseLike, token: string): Promise<boolean> {
  const stored = await getSetting<string>(db, TOKEN_KEY);
  if (stored == null || token === "") return false;
  const a = Buffer.from(stored, "hex");
  const b = Buffer.from(sha256(token), "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Space handle from its name when none is given: "Wikimedia Kenya" → "wikimedia_kenya". */
export function handleFromName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 30);
  return slug === "" ? "space" : slug;
}

/**
 * Creates the first space and its owner. The browser path passes the setup token; the operator's
 * command line (which already has the machine) passes `null`.
 */
export async function completeSetup(
  db: Database,
  token: string | null,
  input: z.output<typeof SetupInput>,
): Promise<SetupResult> {
  return db.transaction(async (tx) => {
    if ((await countPeople(tx)) > 0) return { ok: false, reason: "already-set-up" } as const;
    if (token != null && !(await isValidSetupToken(tx, token)))
      return { ok: false, reason: "bad-token" } as const;
    const person = await createPerson(
      tx,
      NewPersonInput.parse({ ...input, preferredLanguage: input.language, instanceRole: "admin" }),
    );
    if (!person.ok) return person;
    const spaceHandle = input.spaceHandle ?? handleFromName(input.spaceName);
    const space = await createSpace(
      tx,
      NewSpaceInput.parse({
        handle: spaceHandle,
        kind: input.spaceKind,
        defaultLanguage: input.language,
        name: { [input.language]: input.spaceName },
        languages: [input.language],
      }),
    );
    if (!space.ok) return { ok: false, reason: "space-handle-taken" } as const;
    await setRole(tx, space.space.id, person.person.id, "owner");
    await deleteSetting(tx, TOKEN_KEY);
    return { ok: true, space: space.space, owner: person.person } as const;
  });
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
