import type { InboxContext } from "@fedify/fedify";
import type { Flag } from "@fedify/vocab";
import { localHandleOf } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import { hostOf } from "../../server/moderation/domains.ts";
import { MAX_REPORTED_POSTS, receiveReport } from "../../server/moderation/reports.ts";
import { findPersonByHandle } from "../../server/people/people.ts";
import { findPostByIri } from "../../server/posts/posts.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { isOwnOrigin } from "../origin.ts";

/**
 * A report from another server, in Mastodon's shape: its instance actor flags one of our actors
 * and some of its posts (`object`), with the reporter's words in `content`. It lands in the
 * moderators' queue once, however often it is delivered; objects not ours are left out.
 */
export async function onFlag(ctx: InboxContext<Deps>, flag: Flag) {
  const source = flag.actorId && hostOf(flag.actorId);
  if (flag.id == null || source == null) return;
  const { db, config } = ctx.data;
  const ours = flag.objectIds.filter((iri) => isOwnOrigin(config.ORIGIN, iri)).slice(0, 100);
  let actorIri: string | undefined;
  const posts: { iri: string; authorIri: string }[] = [];
  for (const iri of ours) {
    const handle = localHandleOf(config.ORIGIN, iri.href);
    if (handle != null) {
      const known = (await findSpaceByHandle(db, handle)) ?? (await findPersonByHandle(db, handle));
      if (known != null) actorIri ??= iri.href;
      continue;
    }
    const post = await findPostByIri(db, iri.href);
    if (post?.isLocal) posts.push(post);
  }
  actorIri ??= posts[0]?.authorIri;
  if (actorIri == null) return;
  await receiveReport(db, {
    iri: flag.id.href,
    sourceDomain: source,
    actorIri,
    objectIris: posts
      .filter((post) => post.authorIri === actorIri)
      .map((post) => post.iri)
      .slice(0, MAX_REPORTED_POSTS),
    comment: flag.content?.toString().trim() ?? "",
  });
}
