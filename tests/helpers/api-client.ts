import type { Database } from "../../db/client.ts";
import { findPersonByHandle } from "../../server/people/people.ts";
import { createToken } from "../../server/tokens/tokens.ts";

/** Calls an instance's API over HTTP(S) the way a script would. */
export function apiClient(origin: string, token?: string) {
  return async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${origin}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: test code reads whatever JSON came back
    const json: any = text ? JSON.parse(text) : undefined;
    return { status: response.status, json, headers: response.headers };
  };
}

/** A write token for a local person, as they would make one under API tokens. */
export async function tokenFor(instance: { deps: { db: Database } }, handle: string) {
  const person = await findPersonByHandle(instance.deps.db, handle);
  if (person == null) throw new Error(handle);
  return (await createToken(instance.deps.db, person.id, { name: "test", scopes: ["write"] }))
    .secret;
}
