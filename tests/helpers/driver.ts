import type { Database } from "../../db/client.ts";
import type { Post } from "../../db/schema.ts";
import { answerFollowRequest, follow, unfollow } from "../../federation/actions/follow.ts";
import { editPost, publishPost, removePost } from "../../federation/actions/publish.ts";
import { toggleReaction } from "../../federation/actions/react.ts";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { findFollow } from "../../server/follows/follows.ts";
import { findPostByIri, homeTimeline, PostInput } from "../../server/posts/posts.ts";
import { countReactions } from "../../server/reactions/reactions.ts";
import { completeSetup, SetupInput } from "../../server/setup/setup.ts";
import type { HarnessInstance } from "./federation-harness.ts";

/** What a local space or person does on an instance, as the web UI or API would do it. */
export function as(instance: HarnessInstance, handle: string) {
  const ctx = () =>
    instance.running.federation.createContext(new URL(instance.origin), instance.deps);
  const iri = localActorIri(instance.origin, handle);
  return {
    iri,
    handle: `@${handle}@${instance.host}`,
    follow: (target: string) => follow(ctx(), handle, target),
    unfollow: (targetIri: string) => unfollow(ctx(), handle, targetIri),
    answer: (followerIri: string, answer: "accept" | "reject") =>
      answerFollowRequest(ctx(), handle, followerIri, answer),
    publish: (input: PostInput) => publishPost(ctx(), handle, PostInput.parse(input)),
    edit: (post: Post, input: PostInput) => editPost(ctx(), post, PostInput.parse(input)),
    remove: (post: Post) => removePost(ctx(), post),
    react: async (postIri: string, kind: "like" | "boost") => {
      const post = await findPostByIri(instance.deps.db, postIri);
      if (post == null) throw new Error(`${instance.host} does not know ${postIri}`);
      return toggleReaction(ctx(), handle, post, kind);
    },
    timeline: async () => (await homeTimeline(instance.deps.db, iri)).items,
    followState: async (targetIri: string) =>
      (await findFollow(instance.deps.db, iri, targetIri))?.state,
  };
}

/** What an instance has stored of a post, with its counts. */
export async function seen(instance: HarnessInstance, postIri: string) {
  const post = await findPostByIri(instance.deps.db, postIri);
  return post ? { ...post, ...(await countReactions(instance.deps.db, postIri)) } : undefined;
}

/** Sets an instance up with a first space and its owner. */
export async function setUp(instance: HarnessInstance, space: string, owner: string) {
  await setUpDatabase(instance.deps.db, space, owner);
}

/** The same, straight in the database of an instance that runs in another process. */
export async function setUpDatabase(db: Database, space: string, owner: string) {
  const result = await completeSetup(
    db,
    null,
    SetupInput.parse({
      spaceName: space,
      spaceHandle: space,
      handle: owner,
      email: `${owner}@example.org`,
      password: "correct horse battery",
    }),
  );
  if (!result.ok) throw new Error(result.reason);
}
