import { describe, expect, it } from "vitest";
import { BuildGate } from "../../federation/build-gate.ts";
import type { CachedDocument } from "../../federation/document-cache.ts";

const document: CachedDocument = { body: new Uint8Array([1]), headers: [], storedAt: 0 };

describe("the build gate", () => {
  it("lets one request build a document while the others asking for it wait for its result", async () => {
    const gate = new BuildGate();
    const first = await gate.enter("actor");
    expect(first.kind).toBe("build");
    const others = Array.from({ length: 5 }, () => gate.enter("actor"));
    if (first.kind === "build") first.done(document);
    for (const turn of await Promise.all(others))
      expect(turn).toEqual({ kind: "shared", document });
    // Once built, the next miss (after an invalidation) builds again.
    expect((await gate.enter("actor")).kind).toBe("build");
  });

  it("has the waiting build alone, a slot each, when the first build kept nothing", async () => {
    const gate = new BuildGate({ concurrent: 1 });
    const first = await gate.enter("private post");
    const second = gate.enter("private post");
    if (first.kind === "build") first.done(undefined);
    const turn = await second;
    expect(turn.kind).toBe("alone");
    expect(gate.running).toBe(1);
    if (turn.kind === "alone") turn.release();
    expect(gate.running).toBe(0);
  });

  it("answers busy, with a time to ask again, past its bound of builds", async () => {
    const gate = new BuildGate({ concurrent: 1, queued: 0, waitMs: 3_000 });
    const first = await gate.enter("outbox");
    expect(await gate.enter("note")).toEqual({ kind: "busy", retryAfterSeconds: 3 });
    if (first.kind === "build") first.done(undefined);
    expect((await gate.enter("note")).kind).toBe("build");
  });

  it("hands a freed slot to the request waiting for one", async () => {
    const gate = new BuildGate({ concurrent: 1 });
    const first = await gate.enter("a");
    const second = gate.enter("b");
    expect(gate.running).toBe(1);
    if (first.kind === "build") first.done(undefined);
    const turn = await second;
    expect(turn.kind).toBe("build");
    expect(gate.running).toBe(1);
  });
});
