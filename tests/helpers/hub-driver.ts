import {
  answerJoinRequest,
  joinHub,
  leaveHub,
  removeMember,
} from "../../federation/actions/membership.ts";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { findMembership } from "../../server/membership/memberships.ts";
import { foundSpace } from "../../server/spaces/founding.ts";
import { NewSpaceInput } from "../../server/spaces/spaces.ts";
import type { HarnessInstance } from "./federation-harness.ts";

/** What the admins of a local space do about hubs, as the web UI or API would do it. */
export function spaceAdmin(instance: HarnessInstance, handle: string) {
  const ctx = () =>
    instance.running.federation.createContext(new URL(instance.origin), instance.deps);
  const iri = localActorIri(instance.origin, handle);
  return {
    iri,
    join: (target: string) => joinHub(ctx(), handle, target),
    leave: (hubIri: string) => leaveHub(ctx(), handle, hubIri),
    answer: (memberIri: string, answer: "accept" | "reject") =>
      answerJoinRequest(ctx(), handle, memberIri, answer),
    remove: (memberIri: string) => removeMember(ctx(), handle, memberIri),
    /** This space's membership of a hub, as this instance records it. */
    membershipOf: async (hubIri: string) =>
      (await findMembership(instance.deps.db, iri, hubIri))?.state,
    /** A member's membership of this hub, as this instance records it. */
    memberState: async (memberIri: string) =>
      (await findMembership(instance.deps.db, memberIri, iri))?.state,
  };
}

/** A hub on `instance`, owned by `owner`. */
export async function foundHub(
  instance: HarnessInstance,
  handle: string,
  owner: string,
  profile: Partial<NewSpaceInput> = {},
) {
  const result = await foundSpace(
    instance.deps.db,
    NewSpaceInput.parse({
      handle,
      name: { en: handle },
      kind: "hub",
      focus: "regional",
      ...profile,
    }),
    owner,
  );
  if (!result.ok) throw new Error(result.reason);
  return result.space;
}
