import { type Context, Hono } from "hono";
import { z } from "zod";
import { blockForSpace } from "../../federation/actions/space-blocks.ts";
import {
  SpaceBlockReason,
  spaceBlocksPage,
  unblockInSpace,
} from "../../server/moderation/space-blocks.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { requireActor } from "../auth.ts";
import type { WebEnv } from "../env.ts";
import { federationContext } from "../federation-context.ts";
import { fieldErrors, formFields, pageContext } from "../page.ts";
import { pageCursor } from "../security/input.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Field, Layout, Notice } from "../views/layout.tsx";
import { day } from "../views/moderation.tsx";

const NewBlock = z.object({ target: z.string().trim().min(1).max(500), reason: SpaceBlockReason });

/** A space's blocks, for its owners and admins: whom it blocks, a form to block, lifting. */
export function spaceBlockRoutes() {
  const app = new Hono<WebEnv>();
  const path = "/:name{@[a-z0-9_]{1,30}}/settings/blocks";

  const show = async (
    c: Context<WebEnv>,
    handle: string,
    notice?: { ended?: number; members?: number; errors?: Record<string, string> },
  ) => {
    const space = await findSpaceByHandle(c.get("deps").db, handle);
    if (space == null) return errorResponse(c, 404, "api.no-space", { handle });
    const blocks = await spaceBlocksPage(c.get("deps").db, space, pageCursor(c));
    const page = pageContext(c);
    const { t } = page;
    const action = `/@${handle}/settings/blocks`;
    return c.html(
      <Layout title={t("blocks.title", { space: `@${handle}` })} page={page}>
        <h1>{t("blocks.title", { space: `@${handle}` })}</h1>
        <p>{t("blocks.intro", { space: `@${handle}` })}</p>
        {notice?.ended != null ? (
          <Notice kind="info">
            <p>{t("blocks.ended", { count: notice.ended })}</p>
            {notice.members ? (
              <p>{t("blocks.ended-memberships", { count: notice.members })}</p>
            ) : null}
          </Notice>
        ) : null}
        <form method="post" action={action} class="card">
          <CsrfField token={page.csrfToken} />
          <Field name="target" label={t("blocks.target")} error={notice?.errors?.target} />
          <Field
            name="reason"
            label={t("blocks.reason")}
            required={false}
            error={notice?.errors?.reason}
          />
          <button type="submit">{t("blocks.add")}</button>
        </form>
        {blocks.items.length === 0 ? <p class="muted">{t("blocks.none")}</p> : null}
        <ul class="spaces">
          {blocks.items.map((block) => (
            <li>
              <span class="handle">{block.target}</span>{" "}
              <span class="muted">
                {t("blocks.kind", { kind: block.kind })} · {day(t, block.createdAt)}
              </span>
              {block.reason ? (
                <>
                  {" — "}
                  <q dir="auto">{block.reason}</q>
                </>
              ) : null}{" "}
              <form method="post" action={`${action}/lift`} class="inline">
                <CsrfField token={page.csrfToken} />
                <input type="hidden" name="target" value={block.target} />
                <button type="submit" class="small">
                  {t("blocks.lift")}
                </button>
              </form>
            </li>
          ))}
        </ul>
        {blocks.next ? (
          <p>
            <a href={`${action}?before=${blocks.next}`}>{t("moderation.older")}</a>
          </p>
        ) : null}
      </Layout>,
      notice?.errors ? 400 : 200,
    );
  };

  app.get(path, async (c) => {
    const actor = await requireActor(c, c.req.param("name").slice(1), "manage-space");
    if (actor instanceof Response) return actor;
    return show(c, actor.handle);
  });

  app.post(path, async (c) => {
    const actor = await requireActor(c, c.req.param("name").slice(1), "manage-space");
    if (actor instanceof Response) return actor;
    const parsed = NewBlock.safeParse(await formFields(c));
    if (!parsed.success) return show(c, actor.handle, { errors: fieldErrors(c, parsed.error) });
    const space = await findSpaceByHandle(c.get("deps").db, actor.handle);
    if (space == null) return errorResponse(c, 404, "api.no-space", { handle: actor.handle });
    const result = await blockForSpace(
      federationContext(c),
      space,
      parsed.data.target,
      parsed.data.reason,
      actor.person.id,
    );
    if (!result.ok)
      return result.reason === "local"
        ? errorResponse(c, 422, "api.block-local")
        : errorResponse(c, 404, "api.nobody-there");
    return show(c, actor.handle, {
      ended: result.endedFollows,
      members: result.endedMemberships,
    });
  });

  app.post(`${path}/lift`, async (c) => {
    const actor = await requireActor(c, c.req.param("name").slice(1), "manage-space");
    if (actor instanceof Response) return actor;
    const space = await findSpaceByHandle(c.get("deps").db, actor.handle);
    const { target = "" } = await formFields(c);
    if (space == null || !(await unblockInSpace(c.get("deps").db, space, target, actor.person.id)))
      return errorResponse(c, 404, "api.no-block");
    return c.redirect(`/@${actor.handle}/settings/blocks`, 303);
  });

  return app;
}
