/**
 * A local hub passes its members' posts on to its followers (FEP-1b12): an `Announce` of the
 * post's IRI, public and to the hub's followers, so Hubnet, Mastodon and Lemmy show the post
 * under its own author, shared by the hub. Which posts qualify is server/membership/relaying.ts.
 */
import type { Context, InboxContext } from "@fedify/fedify";
import { Announce } from "@fedify/vocab";
import type { Post } from "../db/schema.ts";
import { localHandleOf } from "../server/actors/local-iris.ts";
import type { Deps } from "../server/deps.ts";
import {
  hubsRelaying,
  recordRelay,
  relayActivityIri,
  relayedBy,
} from "../server/membership/relaying.ts";
import { send } from "./deliver.ts";
import { addressing } from "./mappers/post.ts";
import { toInstant } from "./mappers/time.ts";

/**
 * Relays `post` through every local hub it is addressed to that relays it. Each hub does so
 * once: a post received twice (or published here and echoed back) is not announced again.
 */
export async function relayPost(ctx: Context<Deps>, post: Post): Promise<void> {
  const { db, config } = ctx.data;
  for (const hubIri of await hubsRelaying(db, config.ORIGIN, post)) {
    const handle = localHandleOf(config.ORIGIN, hubIri);
    const activityIri = relayActivityIri(hubIri, post);
    if (handle == null || !(await recordRelay(db, { hubIri, postIri: post.iri, activityIri })))
      continue;
    const announce = new Announce({
      id: new URL(activityIri),
      actor: new URL(hubIri),
      object: new URL(post.iri),
      published: toInstant(new Date()),
      ...addressing("public", ctx.getFollowersUri(handle), []),
    });
    await send(ctx, handle, "followers", announce);
  }
}

/**
 * An edit or deletion of a post local hubs relayed reaches their followers too: the author's own
 * activity is forwarded, with its signatures, so every server that showed the relay can check it
 * came from the author.
 */
export async function forwardThroughHubs(ctx: InboxContext<Deps>, postIri: string) {
  const origin = ctx.data.config.ORIGIN;
  const hubs = (await relayedBy(ctx.data.db, [postIri])).get(postIri) ?? [];
  for (const hubIri of hubs) {
    const handle = localHandleOf(origin, hubIri);
    if (handle == null) continue;
    await ctx.forwardActivity({ identifier: handle }, "followers", {
      skipIfUnsigned: true,
      preferSharedInbox: true,
    });
  }
}
