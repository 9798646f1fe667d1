/** `hub …`: an operator acts for a local space about hubs, as its owners and admins do. */
import { z } from "zod";
import { localActorIri } from "../actors/local-iris.ts";
import { HandleSchema } from "../handles/handles.ts";
import { hubsOf, membersOf } from "../membership/lists.ts";
import { setSuspended } from "../membership/memberships.ts";
import { findSpaceByHandle, updateSpace } from "../spaces/spaces.ts";
import { withDatabase } from "./database.ts";
import { withFederation } from "./federation-context.ts";
import { commandGroup } from "./group.ts";
import { type Command, parseOptions } from "./options.ts";
import { formatTable, formatTime } from "./table.ts";

const Target = z.string().trim().min(3).max(500);
const actions = () => import("../../federation/actions/membership.ts");

/** What a refusal means, for people at a terminal. */
const REFUSED: Record<string, string> = {
  "not-a-space": "Only spaces join hubs: that handle is not a space of this instance.",
  "not-found": "No such hub, member or request (check the handle and that its server is up).",
  "not-a-hub": "That space is not a hub.",
  self: "A space cannot join itself.",
  "not-pending": "That request is not waiting for an answer.",
  "not-accepted": "That space is not a member.",
  "unknown-space": "That space was not found: name it as @name@host or by its URL.",
};
const refused = (reason: string) => {
  console.error(REFUSED[reason] ?? reason);
  return 1;
};

const join: Command = {
  summary: "A local space asks to join a hub (here or on any server)",
  help: `Usage: npm run hubnet -- hub join --space HANDLE --hub TARGET

The space asks to join the hub and follows it. A hub on this instance answers at once when it
accepts members automatically; another server's hub answers through the running server.

Options:
  --space HANDLE   the local space that joins
  --hub TARGET     @hub@host, or the hub's URL`,
  async run(args, config) {
    const o = parseOptions(args, ["space", "hub"], z.object({ space: HandleSchema, hub: Target }));
    return withFederation(config, async (ctx) => {
      const result = await (await actions()).joinHub(ctx, o.space, o.hub);
      if (!result.ok) return refused(result.reason);
      console.log(`@${o.space} → ${result.membership.hubIri}: ${result.membership.state}.`);
      return 0;
    });
  },
};

const leave: Command = {
  summary: "A local space withdraws its request to a hub, or leaves it",
  help: `Usage: npm run hubnet -- hub leave --space HANDLE --hub TARGET

Options:
  --space HANDLE   the local space
  --hub TARGET     @hub@host, or the hub's URL`,
  async run(args, config) {
    const o = parseOptions(args, ["space", "hub"], z.object({ space: HandleSchema, hub: Target }));
    return withFederation(config, async (ctx) => {
      const { leaveHub, spaceIriOf } = await actions();
      const hubIri = await spaceIriOf(ctx, o.hub);
      if (hubIri == null) return refused("unknown-space");
      const result = await leaveHub(ctx, o.space, hubIri);
      if (!result.ok) return refused(result.reason);
      console.log(`@${o.space} and ${hubIri}: ${result.change}.`);
      return 0;
    });
  },
};

const DONE = {
  accept: "accepted",
  reject: "rejected",
  remove: "removed",
  suspend: "suspended",
  reinstate: "reinstated",
} as const;

/** `hub accept`, `hub reject`, `hub remove`, `hub suspend`, `hub reinstate`. */
function answer(
  verb: "accept" | "reject" | "remove" | "suspend" | "reinstate",
  summary: string,
): Command {
  return {
    summary,
    help: `Usage: npm run hubnet -- hub ${verb} --hub HANDLE --member TARGET

Options:
  --hub HANDLE      the local hub
  --member TARGET   the member space: @name@host, or its URL`,
    async run(args, config) {
      const o = parseOptions(
        args,
        ["hub", "member"],
        z.object({ hub: HandleSchema, member: Target }),
      );
      return withFederation(config, async (ctx) => {
        const { answerJoinRequest, removeMember, spaceIriOf } = await actions();
        const memberIri = await spaceIriOf(ctx, o.member);
        if (memberIri == null) return refused("unknown-space");
        const hubIri = localActorIri(config.ORIGIN, o.hub);
        const result =
          verb === "accept" || verb === "reject"
            ? await answerJoinRequest(ctx, o.hub, memberIri, verb)
            : verb === "remove"
              ? await removeMember(ctx, o.hub, memberIri)
              : await setSuspended(ctx.data.db, memberIri, hubIri, verb === "suspend", hubIri);
        if (!result.ok) return refused(result.reason);
        console.log(`${memberIri} in @${o.hub}: ${DONE[verb]}.`);
        return 0;
      });
    },
  };
}

const list = (side: "members" | "requests" | "hubs"): Command => ({
  summary:
    side === "hubs"
      ? "The hubs a local space belongs to"
      : side === "members"
        ? "A local hub's member spaces"
        : "Requests to join a local hub, waiting for an answer",
  help: `Usage: npm run hubnet -- hub ${side} --space HANDLE`,
  async run(args, config) {
    const o = parseOptions(args, ["space"], z.object({ space: HandleSchema }));
    return withDatabase(config, async ({ db }) => {
      const iri = localActorIri(config.ORIGIN, o.space);
      const page =
        side === "hubs"
          ? await hubsOf(db, iri, "accepted", undefined, 500)
          : await membersOf(db, iri, side === "members" ? "accepted" : "pending", undefined, 500);
      const rows = page.items.map((m) => [
        side === "hubs" ? m.hubIri : m.memberIri,
        m.state + (m.suspendedAt ? " (suspended)" : ""),
        formatTime(m.acceptedAt ?? m.createdAt),
      ]);
      console.log(formatTable([side === "hubs" ? "HUB" : "SPACE", "STATE", "SINCE"], rows));
      return 0;
    });
  },
});

const approval: Command = {
  summary: "Whether a local hub accepts requests to join at once or by an admin",
  help: `Usage: npm run hubnet -- hub approval --space HANDLE --mode automatic|manual`,
  async run(args, config) {
    const o = parseOptions(
      args,
      ["space", "mode"],
      z.object({ space: HandleSchema, mode: z.enum(["automatic", "manual"]) }),
    );
    return withDatabase(config, async ({ db }) => {
      const space = await findSpaceByHandle(db, o.space);
      if (space?.kind !== "hub") return refused("not-a-hub");
      await updateSpace(db, space, { membershipApproval: o.mode });
      console.log(`@${o.space} accepts requests to join: ${o.mode}.`);
      return 0;
    });
  },
};

export const hubCommand = commandGroup("hub", "Memberships of spaces in hubs", {
  join,
  leave,
  members: list("members"),
  requests: list("requests"),
  hubs: list("hubs"),
  accept: answer("accept", "Accept a request to join a local hub"),
  reject: answer("reject", "Reject a request to join a local hub"),
  remove: answer("remove", "Remove a member space from a local hub"),
  suspend: answer("suspend", "Stop relaying a member of a local hub (it stays a member)"),
  reinstate: answer("reinstate", "Relay a suspended member again"),
  approval,
});
