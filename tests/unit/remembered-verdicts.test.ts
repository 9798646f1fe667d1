import { describe, expect, it } from "vitest";
import {
  type PolicyGuard,
  policyGuard,
  rememberPolicy,
  rememberVerdicts,
} from "../../federation/policy-guard.ts";
import type { Deps } from "../../server/deps.ts";

/** A policy whose refused hosts the test sets, counting how often it is asked. */
function fakePolicy() {
  const refused = new Set<string>();
  let asked = 0;
  let pending: (() => void) | undefined;
  const guard: PolicyGuard = {
    refusesHost: async (host) => {
      asked++;
      const answer = refused.has(host);
      if (pending) await new Promise<void>((resolve) => (pending = resolve));
      return answer;
    },
    refusesUrl: async () => false,
    refusesActor: async () => false,
    rejectsMedia: async () => false,
  };
  return {
    guard,
    refused,
    asked: () => asked,
    /** The next question waits until `release` (a change may arrive meanwhile). */
    hold: () => {
      pending = () => {};
    },
    release: () => {
      const go = pending;
      pending = undefined;
      go?.();
    },
  };
}

function fakeChanges(listening = true) {
  const listeners: (() => void)[] = [];
  return {
    listening,
    onPolicyChange: (listener: () => void) => listeners.push(listener),
    change: () => {
      for (const listener of listeners) listener();
    },
  };
}

describe("remembered verdicts", () => {
  it("ask the policy once per host until it changes, then see the change", async () => {
    const policy = fakePolicy();
    const changes = fakeChanges();
    const guard = rememberVerdicts(policy.guard, changes);
    for (let i = 0; i < 3; i++)
      expect(await guard.refusesUrl("https://spam.test/users/x#main-key")).toBe(false);
    expect(policy.asked()).toBe(1);
    policy.refused.add("spam.test");
    changes.change();
    expect(await guard.refusesUrl("https://spam.test/users/x#main-key")).toBe(true);
    expect(await guard.refusesHost("spam.test")).toBe(true);
    expect(policy.asked()).toBe(2);
  });

  it("do not keep a verdict asked before a change arrived", async () => {
    const policy = fakePolicy();
    const changes = fakeChanges();
    const guard = rememberVerdicts(policy.guard, changes);
    policy.hold();
    const before = guard.refusesHost("spam.test");
    policy.refused.add("spam.test");
    changes.change();
    policy.release();
    expect(await before).toBe(false);
    expect(await guard.refusesHost("spam.test")).toBe(true);
  });

  it("remember nothing while change notices do not arrive", async () => {
    const policy = fakePolicy();
    const guard = rememberVerdicts(policy.guard, fakeChanges(false));
    await guard.refusesHost("spam.test");
    await guard.refusesHost("spam.test");
    expect(policy.asked()).toBe(2);
  });
});

describe("the instance's policy guard", () => {
  it("asks the database once per host at every boundary once the instance remembers", async () => {
    let queries = 0;
    const deps = {
      config: { ORIGIN: "https://hub.test" },
      db: {
        execute: async () => {
          queries++;
          return [{ levels: ["reject-media"], allowlist: false, listed: false }];
        },
      },
    } as unknown as Pick<Deps, "db" | "config">;
    // Made before the instance listens for changes, as the delivery queue's guard is.
    const early = policyGuard(deps);
    expect(await early.refusesUrl("https://spam.test/inbox")).toBe(false);
    expect(queries).toBe(1);
    const changes = fakeChanges();
    rememberPolicy(deps, changes);
    for (let i = 0; i < 3; i++) {
      expect(await early.refusesUrl("https://spam.test/inbox")).toBe(false);
      expect(await policyGuard(deps).refusesHost("spam.test")).toBe(false);
      expect(await policyGuard(deps).rejectsMedia("https://spam.test/icon.png")).toBe(true);
    }
    expect(queries).toBe(3);
    changes.change();
    expect(await early.refusesUrl("https://spam.test/inbox")).toBe(false);
    expect(queries).toBe(4);
  });
});
