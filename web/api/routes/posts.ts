import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Post } from "../../../db/schema.ts";
import { editPost, publishPost, removePost } from "../../../federation/actions/publish.ts";
import { setReaction } from "../../../federation/actions/react.ts";
import { localActorIri, localHandleOf } from "../../../server/actors/local-iris.ts";
import { listPosts, repliesTo } from "../../../server/posts/lists.ts";
import { findPostById, PostInput } from "../../../server/posts/posts.ts";
import { canView, localViewer } from "../../../server/posts/visibility.ts";
import { federationContext } from "../../federation-context.ts";
import { postViews } from "../../post-views.ts";
import { pageCursor } from "../../security/input.ts";
import { actingAs, localActor } from "../acting.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses, fail, invalid } from "../errors.ts";
import { Cursor, PostOut, pageOf, toPostOut } from "../schemas.ts";
import { body, json } from "./openapi-helpers.ts";

const PostPage = pageOf(PostOut, "PostPage");
/** The same fields as a new post; kind, visibility and inReplyToIri are kept from the post. */
const PostEdit = z.record(z.string(), z.unknown()).openapi({
  description:
    "title, content, summary, defaultLanguage, sensitive and details, as when publishing",
});
export const PostId = z.object({ id: z.string().uuid() });
export const As = z.object({
  as: z.string().optional().openapi({ description: "Act as this space (default: yourself)" }),
});

export async function postsOut(c: Context<ApiEnv>, posts: Post[]) {
  const views = await postViews(c.get("deps").db, c.get("deps").config.ORIGIN, posts);
  return views.map((v) => toPostOut(v.post, v.author, v.counts));
}

/** The caller as a viewer of posts (server/posts/visibility.ts). */
export const callerViewer = (c: Context<ApiEnv>) =>
  localViewer(c.get("deps").db, c.get("deps").config.ORIGIN, c.get("caller")?.person);

/** A post the caller may see, or 404 (a post one may not see does not exist for one). */
export async function visiblePost(c: Context<ApiEnv>, id: string): Promise<Post> {
  const { db } = c.get("deps");
  const post = (await findPostById(db, id)) ?? fail(404, "error.no-post");
  if (await canView(db, post, await callerViewer(c))) return post;
  return fail(404, "error.no-post");
}

/** A local post the caller may change: as its author, or as an editor of its space. */
export async function editablePost(c: Context<ApiEnv>, id: string): Promise<Post> {
  const post = await visiblePost(c, id);
  const handle = post.isLocal
    ? localHandleOf(c.get("deps").config.ORIGIN, post.authorIri)
    : undefined;
  if (handle == null) fail(403, "api.remote-post");
  await actingAs(c, handle, "publish");
  return post;
}

export function registerPostRoutes(api: OpenAPIHono<ApiEnv>) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/posts",
      tags: ["Posts"],
      summary: "List posts, newest first",
      request: {
        query: Cursor.extend({
          author: z.string().optional().openapi({ description: "A local handle" }),
          tag: z.string().optional(),
          local: z.enum(["true", "false"]).optional(),
        }),
      },
      responses: { 200: json(PostPage, "A page of posts"), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const { author, tag, local } = c.req.valid("query");
      const { db, config } = c.get("deps");
      if (author) await localActor(c, author);
      const page = await listPosts(
        db,
        {
          authorIri: author ? localActorIri(config.ORIGIN, author) : undefined,
          tag,
          localOnly: local === "true",
        },
        pageCursor(c),
        20,
        await callerViewer(c),
      );
      return c.json({ items: await postsOut(c, page.items), next: page.next ?? null }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/actors/{handle}/posts",
      tags: ["Posts"],
      summary: "Publish as yourself or a space; delivered to followers and the mentioned",
      request: { params: z.object({ handle: z.string() }), ...body(PostInput) },
      responses: { 201: json(PostOut, "The post"), ...errorResponses(400, 401, 403, 404, 429) },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      await actingAs(c, handle, "publish");
      const post = await publishPost(federationContext(c), handle, c.req.valid("json"));
      const [out] = await postsOut(c, [post]);
      return c.json(out as z.infer<typeof PostOut>, 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/posts/{id}",
      tags: ["Posts"],
      summary: "Read a post",
      request: { params: PostId },
      responses: { 200: json(PostOut, "The post"), ...errorResponses(404) },
    }),
    async (c) => {
      const [out] = await postsOut(c, [await visiblePost(c, c.req.valid("param").id)]);
      return c.json(out as z.infer<typeof PostOut>, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "patch",
      path: "/posts/{id}",
      tags: ["Posts"],
      summary: "Edit a post (its texts and fields; its kind and audience stay); followers are told",
      request: { params: PostId, ...body(PostEdit) },
      responses: {
        200: json(PostOut, "The edited post"),
        ...errorResponses(400, 401, 403, 404, 429),
      },
    }),
    async (c) => {
      const post = await editablePost(c, c.req.valid("param").id);
      // A post keeps its kind, its audience and the post it answers.
      const parsed = PostInput.safeParse({
        ...c.req.valid("json"),
        kind: post.kind,
        visibility: post.visibility,
        inReplyToIri: post.inReplyToIri ?? undefined,
      });
      if (!parsed.success) invalid(parsed.error);
      const input = parsed.data;
      const [out] = await postsOut(c, [await editPost(federationContext(c), post, input)]);
      return c.json(out as z.infer<typeof PostOut>, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/posts/{id}",
      tags: ["Posts"],
      summary: "Delete a post; followers are told",
      request: { params: PostId },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404, 429) },
    }),
    async (c) => {
      await removePost(federationContext(c), await editablePost(c, c.req.valid("param").id));
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/posts/{id}/replies",
      tags: ["Posts"],
      summary: "Replies to a post, oldest first",
      request: { params: PostId },
      responses: {
        200: json(z.object({ items: z.array(PostOut) }), "Replies"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const post = await visiblePost(c, c.req.valid("param").id);
      const replies = await repliesTo(c.get("deps").db, post.iri, await callerViewer(c));
      return c.json({ items: await postsOut(c, replies) }, 200);
    },
  );

  for (const kind of ["like", "boost"] as const) {
    for (const method of ["put", "delete"] as const) {
      api.openapi(
        createRoute({
          method,
          path: `/posts/{id}/${kind}`,
          tags: ["Posts"],
          summary: `${method === "put" ? (kind === "like" ? "Like" : "Boost") : `Take back the ${kind} of`} a post`,
          request: { params: PostId, query: As },
          responses: {
            200: json(PostOut, "The post with its counts"),
            ...errorResponses(401, 403, 404, 429),
          },
        }),
        async (c) => {
          const post = await visiblePost(c, c.req.valid("param").id);
          const caller = c.get("caller");
          const handle =
            c.req.valid("query").as ?? caller?.person.handle ?? fail(401, "api.sign-in");
          await actingAs(c, handle, "publish");
          await setReaction(federationContext(c), handle, post, kind, method === "put");
          const [out] = await postsOut(c, [post]);
          return c.json(out as z.infer<typeof PostOut>, 200);
        },
      );
    }
  }
}
