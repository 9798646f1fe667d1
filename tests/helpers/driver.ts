import type { Database } from "../../db/client.ts";
import type { Post } from "../../db/schema.ts";
import { rsvpAs, voteAs } from "../../federation/actions/answer.ts";
import { closeAndPublish } from "../../federation/actions/close-proposals.ts";
import { answerFollowRequest, follow, unfollow } from "../../federation/actions/follow.ts";
import { editPost, publishPost, removePost } from "../../federation/actions/publish.ts";
import { toggleReaction } from "../../federation/actions/react.ts";
import { deliverPost } from "../../federation/deliver.ts";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { findFollow } from "../../server/follows/follows.ts";
import { homeTimeline } from "../../server/posts/lists.ts";
import { findPostByIri, PostInput } from "../../server/posts/posts.ts";
import { countReactions } from "../../server/reactions/reactions.ts";
import { setResourceStatus } from "../../server/resources/matching.ts";
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
    rsvp: async (eventIri: string, status: "going" | "maybe" | "not_going" | "withdrawn") =>
      rsvpAs(ctx(), handle, await known(instance, eventIri), status),
    /** Votes as this actor; for a space, `castBy` is the admin who casts its vote. */
    vote: async (proposalIri: string, choices: number[], castBy?: string) =>
      voteAs(ctx(), handle, await known(instance, proposalIri), choices, castBy),
    close: async (proposalIri: string) =>
      closeAndPublish(ctx(), await known(instance, proposalIri)),
    markMatched: async (postIri: string, responseIri: string) => {
      const result = await setResourceStatus(
        instance.deps.db,
        await known(instance, postIri),
        "matched",
        await known(instance, responseIri),
      );
      if (result.ok) await deliverPost(ctx(), handle, result.post, "update");
      return result;
    },
    timeline: async () => (await homeTimeline(instance.deps.db, iri)).items,
    followState: async (targetIri: string) =>
      (await findFollow(instance.deps.db, iri, targetIri))?.state,
  };
}

async function known(instance: HarnessInstance, postIri: string): Promise<Post> {
  const post = await findPostByIri(instance.deps.db, postIri);
  if (post == null) throw new Error(`${instance.host} does not know ${postIri}`);
  return post;
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
