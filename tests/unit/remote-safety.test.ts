import { FetchError, type MessageQueue, UrlError } from "@fedify/fedify";
import { describe, expect, it } from "vitest";
import type { NewRemoteActor } from "../../db/schema.ts";
import { deliverableActor, GuardedOutbox } from "../../federation/delivery-guard.ts";
import { DocumentLimitError } from "../../federation/document-loaders.ts";
import { classifyFailure } from "../../federation/failures.ts";
import { DocumentTooLargeError, isPublicUrl } from "../../federation/remote-fetch.ts";
import type { Deps } from "../../server/deps.ts";

// Literal addresses need no DNS: 93.184.215.14 is a public address, the others are not.
const PUBLIC_INBOX = "https://93.184.215.14/inbox";
const PRIVATE_INBOXES = [
  "https://127.0.0.1/inbox",
  "https://localhost/inbox",
  "https://10.0.0.7/inbox",
  "https://192.168.1.2/inbox",
  "https://169.254.169.254/latest/meta-data",
  "https://[::1]/inbox",
  "https://[fd00::1]/inbox",
];
const production = { config: { ORIGIN: "https://hub.test" }, allowPrivateAddress: false } as Deps;

const actor = (inboxIri: string, sharedInboxIri: string | null = null): NewRemoteActor => ({
  iri: "https://93.184.215.14/users/mira",
  type: "Person",
  handle: "@mira@93.184.215.14",
  inboxIri,
  sharedInboxIri,
});

describe("where Hubnet may send or fetch", () => {
  it("only public http(s) addresses, unless private ones are allowed (tests)", async () => {
    expect(await isPublicUrl(PUBLIC_INBOX, false)).toBe(true);
    for (const url of [...PRIVATE_INBOXES, "javascript:alert(1)", "file:///etc/passwd"])
      expect(await isPublicUrl(url, false), url).toBe(false);
    expect(await isPublicUrl("https://127.0.0.1/inbox", true)).toBe(true);
    expect(await isPublicUrl("javascript:alert(1)", true)).toBe(false);
  });

  it("keeps no actor whose inbox is private or ours, and drops a private shared inbox", async () => {
    for (const inbox of [...PRIVATE_INBOXES, "https://hub.test/inbox"])
      expect(await deliverableActor(production, actor(inbox)), inbox).toBeUndefined();
    expect(await deliverableActor(production, actor(PUBLIC_INBOX, "https://127.0.0.1/x"))).toEqual(
      actor(PUBLIC_INBOX, null),
    );
    expect(await deliverableActor(production, actor(PUBLIC_INBOX, PUBLIC_INBOX))).toEqual(
      actor(PUBLIC_INBOX, PUBLIC_INBOX),
    );
  });

  it("checks every delivery's inbox again just before it is sent", async () => {
    let handle: ((message: unknown) => Promise<void> | void) | undefined;
    const inner = {
      enqueue: async () => {},
      listen: async (handler: (message: unknown) => Promise<void> | void) => {
        handle = handler;
      },
    } as MessageQueue;
    const delivered: unknown[] = [];
    await new GuardedOutbox(inner, false).listen((message) => {
      delivered.push(message);
    });
    for (const inbox of [...PRIVATE_INBOXES, PUBLIC_INBOX])
      await handle?.({ type: "outbox", inbox, activity: {} });
    await handle?.({ type: "fanout", inboxes: {} });
    expect(delivered).toEqual([
      { type: "outbox", inbox: PUBLIC_INBOX, activity: {} },
      { type: "fanout", inboxes: {} },
    ]);
  });
});

describe("which failures are worth retrying", () => {
  const fetchError = (status: number) =>
    new FetchError("https://x.test/a", `HTTP ${status}`, new Response(null, { status }));
  const fetchFailed = new TypeError("fetch failed", { cause: new Error("ECONNREFUSED") });

  it("retries what may pass: the network, timeouts, server errors, the database away", () => {
    for (const error of [
      fetchError(500),
      fetchError(503),
      fetchError(429),
      fetchFailed,
      new DOMException("timed out", "TimeoutError"),
      Object.assign(new Error("connection failure"), { code: "08006" }),
      Object.assign(new Error("deadlock detected"), { code: "40P01" }),
      Object.assign(new Error("socket"), { code: "ECONNRESET" }),
    ])
      expect(classifyFailure(error), String(error)).toBe("transient");
  });

  it("drops what never gets better: 404, 410, hostile or oversized documents, bad values", () => {
    for (const error of [
      fetchError(404),
      fetchError(410),
      fetchError(403),
      new UrlError("Invalid or private address"),
      new DocumentTooLargeError("https://x.test/a"),
      new DocumentLimitError("https://x.test/a", "too-deep", "$"),
      new SyntaxError("Unexpected token"),
      new RangeError("Invalid time value"),
      new TypeError("Invalid type: https://x.test/ns#Nothing"),
      Object.assign(new Error("date/time field value out of range"), { code: "22008" }),
    ])
      expect(classifyFailure(error), String(error)).toBe("permanent");
  });

  it("leaves what it does not recognize to the queue, stack trace and all", () => {
    expect(classifyFailure(new Error("a bug"))).toBe("unknown");
  });
});
