import type { Federation } from "@fedify/fedify";
import type { Deps } from "../server/deps.ts";
import { countPeople } from "../server/people/people.ts";
import { countLocalPosts } from "../server/posts/posts.ts";
import { isSetUp } from "../server/setup/setup.ts";
import { listSpaces } from "../server/spaces/spaces.ts";

export const NODEINFO_PATH = "/nodeinfo/2.1";

/** NodeInfo 2.1: what software this is, and which spaces it hosts (for directories). */
export function registerNodeInfo(federation: Federation<Deps>): void {
  federation.setNodeInfoDispatcher(NODEINFO_PATH, async (ctx) => {
    const { db, version } = ctx.data;
    const [people, spaces, localPosts] = await Promise.all([
      countPeople(db),
      listSpaces(db),
      countLocalPosts(db),
    ]);
    return {
      software: {
        name: "hubnet",
        version,
        homepage: new URL("/", ctx.canonicalOrigin),
      },
      protocols: ["activitypub"],
      services: { inbound: [], outbound: [] },
      openRegistrations: false,
      usage: {
        users: { total: people },
        localPosts,
        localComments: 0,
      },
      metadata: {
        nodeName: ctx.host,
        setUp: await isSetUp(db),
        spaces: spaces.map((space) => ({
          handle: `@${space.handle}@${ctx.host}`,
          url: ctx.getActorUri(space.handle).href,
          kind: space.kind,
          focus: space.focus,
          name: space.name[space.defaultLanguage] ?? space.handle,
          nameMap: space.name,
          languages: space.languages,
          regions: space.regions,
          themes: space.themes,
        })),
      },
    };
  });
}
