import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { hubFocus, postKind, spaceKind } from "../../../db/schema.ts";
import { MAX_RANKED, PostSearch, searchPosts } from "../../../server/search/posts.ts";
import { SpaceSearch, searchSpaces } from "../../../server/search/spaces.ts";
import { MAX_QUERY_LENGTH } from "../../../server/search/words.ts";
import { pageCursor } from "../../security/input.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses, invalid } from "../errors.ts";
import { DirectoryEntryOut, toDirectoryEntryOut } from "../network-schemas.ts";
import { Cursor, PostOut } from "../schemas.ts";
import { json } from "./openapi-helpers.ts";
import { callerViewer, postsOut } from "./posts.ts";

const SearchQuery = Cursor.extend({
  q: z
    .string()
    .optional()
    .openapi({
      description:
        `Words in any language, up to ${MAX_QUERY_LENGTH} characters: "a phrase", or, -without. ` +
        "Without words, the filters alone, newest first; with words, the most relevant first.",
    }),
  type: z.enum(["posts", "spaces"]).default("posts").openapi({ description: "What to find" }),
  kind: z
    .enum([...postKind.enumValues, ...spaceKind.enumValues])
    .optional()
    .openapi({ description: "A post's kind (note … proposal), or a space's (affiliate, hub)" }),
  focus: z.enum(hubFocus.enumValues).optional().openapi({ description: "Spaces: a hub's focus" }),
  space: z.string().optional().openapi({
    description: "Posts: by this author (wmke, @group@example.org or an actor's URL)",
  }),
  language: z.string().optional().openapi({ description: "BCP 47; pt also finds pt-BR" }),
  region: z.string().optional().openapi({ description: "ISO 3166; KE also finds KE-30" }),
  theme: z.string().optional().openapi({ description: "A theme or hashtag, without #" }),
});

const SearchResults = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("posts"),
      items: z.array(PostOut),
      next: z.string().nullable(),
      order: z.enum(["relevance", "newest"]).openapi({
        description: `Most relevant first, or newest first when the words match more than ${MAX_RANKED.toLocaleString("en-US")} posts (or there are none)`,
      }),
    }),
    z.object({
      type: z.literal("spaces"),
      items: z.array(DirectoryEntryOut),
      next: z.string().nullable(),
    }),
  ])
  .openapi("SearchResults");

export function registerSearchRoutes(api: OpenAPIHono<ApiEnv>) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/search",
      tags: ["Search"],
      summary: "Search posts (local and known remote ones you may see) or the directory of spaces",
      request: { query: SearchQuery },
      responses: { 200: json(SearchResults, "A page of what was found"), ...errorResponses(400) },
    }),
    async (c) => {
      const { type, before: _before, ...query } = c.req.valid("query");
      const { db, config } = c.get("deps");
      if (type === "spaces") {
        const search = SpaceSearch.safeParse(query);
        if (!search.success) invalid(search.error);
        const page = await searchSpaces(db, search.data, pageCursor(c));
        const items = page.items.map(toDirectoryEntryOut);
        return c.json({ type, items, next: page.next ?? null }, 200);
      }
      const search = PostSearch.safeParse(query);
      if (!search.success) invalid(search.error);
      const viewer = await callerViewer(c);
      const page = await searchPosts(db, search.data, viewer, config.ORIGIN, pageCursor(c));
      const items = await postsOut(c, page.items);
      return c.json({ type, items, next: page.next ?? null, order: page.order }, 200);
    },
  );
}
