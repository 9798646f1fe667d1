/** Hub content beyond publishing: matching offers and needs, RSVPs, votes, the lessons library. */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Post } from "../../../db/schema.ts";
import { rsvpAs, voteAs } from "../../../federation/actions/answer.ts";
import { closeAndPublish } from "../../../federation/actions/close-proposals.ts";
import { deliverPost } from "../../../federation/deliver.ts";
import { localActorIri, localHandleOf } from "../../../server/actors/local-iris.ts";
import { LESSON_KINDS, RESOURCE_STATUSES } from "../../../server/content/details.ts";
import { answerOf, rsvpCounts } from "../../../server/events/rsvps.ts";
import { lessonLibrary } from "../../../server/lessons/library.ts";
import { memberRoll } from "../../../server/membership/equal-voice.ts";
import { findPostById } from "../../../server/posts/posts.ts";
import { tallyVotes, voteOf } from "../../../server/proposals/votes.ts";
import { RegionSchema } from "../../../server/regions/regions.ts";
import { matchesFor, setResourceStatus } from "../../../server/resources/matching.ts";
import { federationContext } from "../../federation-context.ts";
import { pageCursor } from "../../security/input.ts";
import { actingAs, localActor, readingAs } from "../acting.ts";
import { requireCaller } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses, fail } from "../errors.ts";
import { Cursor, PostOut, pageOf } from "../schemas.ts";
import { body, json } from "./openapi-helpers.ts";
import { As, editablePost, PostId, postsOut, visiblePost } from "./posts.ts";

const MatchReasonOut = z
  .object({
    code: z.enum(["language", "region", "online", "dates-overlap"]),
    language: z.string().optional().openapi({ description: "The language both share" }),
    region: z.string().optional().openapi({ description: "The region both name" }),
  })
  .openapi("MatchReason");
const MatchOut = z
  .object({ post: PostOut, score: z.number().int(), reasons: z.array(MatchReasonOut) })
  .openapi("Match");
const RsvpOut = z
  .object({
    going: z.number().int(),
    maybe: z.number().int(),
    notGoing: z.number().int(),
    mine: z.enum(["going", "maybe", "not_going"]).nullable(),
  })
  .openapi("Rsvps");
const ResultsOut = z
  .object({
    options: z.array(z.record(z.string(), z.string())),
    counts: z.array(z.number().int()),
    voters: z.number().int(),
    closed: z.boolean(),
    mine: z.array(z.number().int()).nullable(),
    memberVotes: z
      .object({
        voted: z.array(z.object({ iri: z.string(), castBy: z.string().nullable() })),
        notVoted: z.array(z.string()),
      })
      .nullable()
      .openapi({
        description:
          "On a hub's one-vote-per-space proposal: which member spaces voted and which did not",
      }),
  })
  .openapi("ProposalResults");

/** Who the caller acts as: `as` (a space they may act for) or themself. */
async function actor(c: Context<ApiEnv>, as: string | undefined, action: "publish" | "vote") {
  const caller = requireCaller(c, "write");
  const handle = as ?? caller.person.handle;
  await actingAs(c, handle, action);
  return { handle, person: caller.person.handle };
}

function kindOf<K extends NonNullable<Post["details"]>["kind"]>(post: Post, ...kinds: K[]) {
  const d = post.details;
  if (d == null || !kinds.includes(d.kind as K))
    fail(422, "api.wrong-kind", { kind: kinds.length > 1 ? "resource" : String(kinds[0]) });
  return post;
}

/** A proposal's results, with the vote of `me` (whom the caller may act for) if they voted. */
async function results(c: Context<ApiEnv>, post: Post, me: string | undefined) {
  const d = post.details;
  if (d?.kind !== "proposal") return fail(422, "error.not-a-proposal");
  const { db, config } = c.get("deps");
  const live = post.isLocal ? await tallyVotes(db, post) : undefined;
  const mine = me ? await voteOf(db, post.iri, localActorIri(config.ORIGIN, me)) : undefined;
  const roll = await memberRoll(db, post);
  return {
    options: d.options,
    counts: live?.counts ?? d.counts ?? d.options.map(() => 0),
    voters: live?.voters ?? d.voters ?? 0,
    closed: d.closed || new Date(d.endTime) <= new Date(),
    mine: mine?.choices ?? null,
    memberVotes: roll
      ? {
          voted: roll.voted.map((v) => ({ iri: v.iri, castBy: v.castByIri })),
          notVoted: roll.notVoted,
        }
      : null,
  };
}

export function registerContentRoutes(api: OpenAPIHono<ApiEnv>) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/posts/{id}/matches",
      tags: ["Offers and needs"],
      summary: "Open needs this offer could serve (or open offers for this need), best first",
      request: { params: PostId },
      responses: {
        200: json(z.object({ items: z.array(MatchOut) }), "Matches"),
        ...errorResponses(404, 422),
      },
    }),
    async (c) => {
      const post = kindOf(await visiblePost(c, c.req.valid("param").id), "offer", "need");
      const matches = await matchesFor(c.get("deps").db, post);
      const outs = await postsOut(
        c,
        matches.map((m) => m.post),
      );
      const items = matches.map((m, i) => ({
        post: outs[i] as z.infer<typeof PostOut>,
        score: m.score,
        reasons: m.reasons,
      }));
      return c.json({ items }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/posts/{id}/status",
      tags: ["Offers and needs"],
      summary: "Mark an offer or need matched (with one of its responses), closed or open again",
      request: {
        params: PostId,
        ...body(
          z.object({
            status: z.enum(RESOURCE_STATUSES),
            response: z.string().uuid().optional().openapi({
              description: "The id of the reply it was matched with (required for matched)",
            }),
          }),
        ),
      },
      responses: {
        200: json(PostOut, "The offer or need"),
        ...errorResponses(400, 401, 403, 404, 422, 429),
      },
    }),
    async (c) => {
      const post = kindOf(await editablePost(c, c.req.valid("param").id), "offer", "need");
      const { status, response } = c.req.valid("json");
      const { db, config } = c.get("deps");
      const reply = response ? await findPostById(db, response) : undefined;
      const result = await setResourceStatus(db, post, status, reply);
      if (!result.ok) fail(422, "error.not-a-response");
      const handle = localHandleOf(config.ORIGIN, post.authorIri) as string;
      await deliverPost(federationContext(c), handle, result.post, "update");
      const [out] = await postsOut(c, [result.post]);
      return c.json(out as z.infer<typeof PostOut>, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/posts/{id}/rsvps",
      tags: ["Events"],
      summary: "How many are going, maybe going and not going, and your own answer",
      request: { params: PostId, query: As },
      responses: { 200: json(RsvpOut, "Answers"), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) => {
      const post = kindOf(await visiblePost(c, c.req.valid("param").id), "event");
      const { db, config } = c.get("deps");
      const me = await readingAs(c, c.req.valid("query").as, "publish");
      const mine = me ? await answerOf(db, post.iri, localActorIri(config.ORIGIN, me)) : undefined;
      return c.json({ ...(await rsvpCounts(db, post.iri)), mine: mine?.status ?? null }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/posts/{id}/rsvp",
      tags: ["Events"],
      summary: "Answer an event here or on another server: going, maybe, not going or withdrawn",
      request: {
        params: PostId,
        query: As,
        ...body(z.object({ status: z.enum(["going", "maybe", "not_going", "withdrawn"]) })),
      },
      responses: {
        200: json(RsvpOut, "Answers"),
        ...errorResponses(400, 401, 403, 404, 409, 422, 429),
      },
    }),
    async (c) => {
      const post = kindOf(await visiblePost(c, c.req.valid("param").id), "event");
      const { handle } = await actor(c, c.req.valid("query").as, "publish");
      const { status } = c.req.valid("json");
      const result = await rsvpAs(federationContext(c), handle, post, status);
      if (!result.ok) fail(409, result.reason === "full" ? "error.event-full" : "error.event-over");
      const { db, config } = c.get("deps");
      const mine = await answerOf(db, post.iri, localActorIri(config.ORIGIN, handle));
      return c.json({ ...(await rsvpCounts(db, post.iri)), mine: mine?.status ?? null }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/posts/{id}/results",
      tags: ["Proposals"],
      summary: "A proposal's options, votes per option and your own vote",
      request: { params: PostId, query: As },
      responses: { 200: json(ResultsOut, "Results"), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) => {
      const post = await visiblePost(c, c.req.valid("param").id);
      return c.json(
        await results(c, post, await readingAs(c, c.req.valid("query").as, "vote")),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/posts/{id}/votes",
      tags: ["Proposals"],
      summary:
        "Vote as yourself, or as a space you are an owner or admin of (one vote per space mode)",
      request: {
        params: PostId,
        query: As,
        ...body(
          z.object({
            choices: z.array(z.number().int().min(0)).min(1).openapi({
              description: "Indexes of the chosen options",
            }),
          }),
        ),
      },
      responses: {
        201: json(ResultsOut, "Your vote is counted"),
        ...errorResponses(400, 401, 403, 404, 409, 422, 429),
      },
    }),
    async (c) => {
      const post = kindOf(await visiblePost(c, c.req.valid("param").id), "proposal");
      const { handle, person } = await actor(c, c.req.valid("query").as, "vote");
      const result = await voteAs(
        federationContext(c),
        handle,
        post,
        c.req.valid("json").choices,
        person,
      );
      if (!result.ok) {
        const refusals = {
          "not-a-proposal": [422, "error.not-a-proposal"],
          closed: [409, "error.voting-closed"],
          "spaces-only": [403, "error.spaces-only"],
          "not-a-member": [403, "error.not-a-member"],
          "invalid-choice": [422, "error.invalid-choice"],
          "already-voted": [409, "error.already-voted"],
        } as const;
        const [status, key] = refusals[result.reason];
        fail(status, key, { handle });
      }
      return c.json(await results(c, post, handle), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/posts/{id}/close",
      tags: ["Proposals"],
      summary: "Close a proposal now and publish its result",
      request: { params: PostId },
      responses: {
        200: json(ResultsOut, "The result"),
        ...errorResponses(401, 403, 404, 409, 422, 429),
      },
    }),
    async (c) => {
      const post = kindOf(await editablePost(c, c.req.valid("param").id), "proposal");
      if (!(await closeAndPublish(federationContext(c), post))) fail(409, "api.closed-already");
      const closed = (await findPostById(c.get("deps").db, post.id)) as Post;
      return c.json(await results(c, closed, c.get("caller")?.person.handle), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/lessons",
      tags: ["Lessons"],
      summary: "The lessons library: lessons, failures and best practices across the known network",
      request: {
        query: Cursor.extend({
          space: z.string().optional().openapi({ description: "Only this local space's lessons" }),
          kind: z.enum(LESSON_KINDS).optional(),
          theme: z.string().max(60).optional(),
          region: RegionSchema.optional(),
          language: z.string().max(35).optional(),
        }),
      },
      responses: {
        200: json(pageOf(PostOut, "LessonPage"), "A page of lessons"),
        ...errorResponses(400, 404),
      },
    }),
    async (c) => {
      const { space, kind, theme, region, language } = c.req.valid("query");
      const { db, config } = c.get("deps");
      if (space) await localActor(c, space);
      const page = await lessonLibrary(
        db,
        {
          authorIri: space ? localActorIri(config.ORIGIN, space) : undefined,
          lessonKind: kind,
          theme,
          region,
          language,
        },
        pageCursor(c),
      );
      return c.json({ items: await postsOut(c, page.items), next: page.next ?? null }, 200);
    },
  );
}
