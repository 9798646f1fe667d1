import { type Context, Hono } from "hono";
import { editPost, publishPost, removePost } from "../../federation/actions/publish.ts";
import { setReaction } from "../../federation/actions/react.ts";
import { localHandleOf } from "../../server/actors/local-iris.ts";
import { repliesTo } from "../../server/posts/lists.ts";
import { findPostById, PostInput } from "../../server/posts/posts.ts";
import { canView, localViewer } from "../../server/posts/visibility.ts";
import { type MatchReason, matchesFor } from "../../server/resources/matching.ts";
import { mayActAs } from "../../server/spaces/permissions.ts";
import { requireActor } from "../auth.ts";
import type { WebEnv } from "../env.ts";
import { federationContext } from "../federation-context.ts";
import type { Translator } from "../i18n/translator.ts";
import { identitiesOf, languagesOfActor } from "../identities.ts";
import { backTo, fieldErrors, formFields, pageContext } from "../page.ts";
import { postViews, visibleByIri } from "../post-views.ts";
import { redirectWith } from "../security/flash.ts";
import { ComposeForm, postInputFromForm } from "../views/compose.tsx";
import {
  ContentForm,
  contentInputFromForm,
  formValuesOf,
  isComposableKind,
} from "../views/content-form.tsx";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Layout } from "../views/layout.tsx";
import { PostCard } from "../views/post.tsx";
import { postPreview } from "../views/preview.tsx";
import { SettleForm } from "../views/settle-form.tsx";
import { changedLanguages } from "../views/translations.tsx";

export function postRoutes() {
  const app = new Hono<WebEnv>();

  app.post("/posts", async (c) => {
    const form = await formFields(c);
    const actor = await requireActor(c, form.as, "publish");
    if (actor instanceof Response) return actor;
    const kind = isComposableKind(form.kind) ? form.kind : undefined;
    const changed = changedLanguages(form, c.get("t"));
    const parsed = changed
      ? undefined
      : PostInput.safeParse(kind ? contentInputFromForm(form) : postInputFromForm(form));
    if (parsed == null || !parsed.success) {
      const page = pageContext(c);
      const { db } = c.get("deps");
      const identities = await identitiesOf(db, actor.person);
      const values = changed?.values ?? form;
      const errors =
        changed?.errors ?? (parsed?.success === false ? fieldErrors(c, parsed.error) : {});
      const expected = await languagesOfActor(db, actor.handle);
      const title = changed
        ? page.t(kind ? "compose.new" : "compose.publish", { kind: kind ?? "note" })
        : page.t("posts.fix");
      return c.html(
        <Layout title={title} page={page}>
          <h1>{title}</h1>
          {kind ? (
            <ContentForm
              t={page.t}
              kind={kind}
              csrfToken={page.csrfToken}
              identities={identities}
              values={values}
              errors={errors}
              expected={expected}
            />
          ) : (
            <ComposeForm
              t={page.t}
              csrfToken={page.csrfToken}
              identities={identities}
              values={values}
              errors={errors}
              inReplyTo={form.inReplyTo}
              expected={expected}
            />
          )}
        </Layout>,
        changed ? 200 : 400,
      );
    }
    const post = await publishPost(federationContext(c), actor.handle, parsed.data);
    return redirectWith(c, new URL(post.iri).pathname, "published");
  });

  app.get("/reply", async (c) => {
    const actor = await requireActor(c, undefined, "publish");
    if (actor instanceof Response) return actor;
    const post = await visibleByIri(c, c.req.query("iri"));
    if (post == null) return errorResponse(c, 404, "error.no-post");
    const page = pageContext(c);
    const [view] = await postViews(c.get("deps").db, c.get("deps").config.ORIGIN, [post]);
    const mention = view && !view.author.handle.startsWith("http") ? `${view.author.handle} ` : "";
    return c.html(
      <Layout title={page.t("posts.reply")} page={page}>
        <h1>{page.t("posts.reply")}</h1>
        {view ? <PostCard t={page.t} view={view} languages={c.get("languages")} /> : null}
        <ComposeForm
          t={page.t}
          csrfToken={page.csrfToken}
          identities={await identitiesOf(c.get("deps").db, actor.person)}
          inReplyTo={post.iri}
          values={{
            content: mention,
            visibility: post.visibility === "direct" ? "direct" : "public",
          }}
          submitLabel={page.t("posts.reply")}
        />
      </Layout>,
    );
  });

  app.post("/reactions", async (c) => {
    const form = await formFields(c);
    const actor = await requireActor(c, form.as, "publish");
    if (actor instanceof Response) return actor;
    const kind = form.kind === "boost" ? "boost" : form.kind === "like" ? "like" : undefined;
    const post = await visibleByIri(c, form.iri);
    if (kind == null || post == null) return errorResponse(c, 400, "error.reaction");
    await setReaction(federationContext(c), actor.handle, post, kind, form.wanted !== "off");
    return c.redirect(backTo(c, post.isLocal ? new URL(post.iri).pathname : "/home"), 303);
  });

  app.get("/:name{@[a-z0-9_]{1,30}}/posts/:id", async (c) => {
    const { db, config } = c.get("deps");
    const post = await findPostById(db, c.req.param("id"));
    const handle = c.req.param("name").slice(1);
    if (post == null || !post.isLocal || localHandleOf(config.ORIGIN, post.authorIri) !== handle) {
      return errorResponse(c, 404, "error.no-post");
    }
    const person = c.get("person");
    const viewer = await localViewer(db, config.ORIGIN, person);
    const viewerIri = viewer.iri;
    const mayEdit = person != null && (await mayActAs(db, person, handle, "publish"));
    if (!(await canView(db, post, viewer))) return errorResponse(c, 404, "error.no-post");
    const replies = await repliesTo(db, post.iri, viewer);
    const parent = post.inReplyToIri ? await visibleByIri(c, post.inReplyToIri) : undefined;
    const [view, ...replyViews] = await postViews(db, config.ORIGIN, [post, ...replies], viewerIri);
    if (view == null) return errorResponse(c, 404, "error.no-post");
    const [parentView] = parent ? await postViews(db, config.ORIGIN, [parent], viewerIri) : [];
    view.counts.replies = replies.length;
    const page = pageContext(c);
    const identities = person ? await identitiesOf(db, person) : undefined;
    const matches = await matchesFor(db, post);
    const matchViews = await postViews(
      db,
      config.ORIGIN,
      matches.map((m) => m.post),
      viewerIri,
    );
    const settles = mayEdit && (post.kind === "offer" || post.kind === "need");
    const d = post.details;
    const resourceStatus = d?.kind === "offer" || d?.kind === "need" ? d.status : undefined;
    const proposalOpen = post.details?.kind === "proposal" && !post.details.closed && mayEdit;
    const { t } = page;
    const isResource = post.kind === "offer" || post.kind === "need";
    const preview = postPreview(view, c.get("languages"), config.ORIGIN);
    return c.html(
      <Layout title={preview.title} page={page} preview={preview}>
        {post.title ? null : (
          <h1 class="visually-hidden">{t("posts.post-by", { author: view.author.name })}</h1>
        )}
        {post.inReplyToIri ? (
          <section aria-labelledby="parent-heading" class="parent">
            <h2 id="parent-heading" class="small-heading">
              {t("post.in-reply-to")}
            </h2>
            {parentView ? (
              <PostCard t={t} view={parentView} languages={c.get("languages")} />
            ) : (
              <p>
                <a href={post.inReplyToIri}>
                  <bdi>{post.inReplyToIri}</bdi>
                </a>
              </p>
            )}
          </section>
        ) : null}
        <PostCard
          isPage
          t={t}
          view={view}
          languages={c.get("languages")}
          csrfToken={person ? page.csrfToken : undefined}
          actAs={person?.handle}
          identities={identities}
        />
        {settles || proposalOpen ? (
          <SettleForm
            t={t}
            action={`${new URL(post.iri).pathname}/settle`}
            csrfToken={page.csrfToken}
            post={post}
          />
        ) : null}
        {isResource ? (
          <section aria-label={t("posts.matches")} class="matches">
            <h2>{t("posts.match-count", { kind: post.kind, count: matches.length })}</h2>
            {matchViews.map((match, i) => (
              <div class="match">
                <p class="muted">
                  {t("posts.matches-on", {
                    reasons: t.list(matchReasons(t, matches[i]?.reasons ?? [])),
                  })}
                </p>
                <PostCard t={t} view={match} languages={c.get("languages")} />
              </div>
            ))}
          </section>
        ) : null}
        {mayEdit ? (
          <p class="actions">
            <a href={`${new URL(post.iri).pathname}/edit`}>{t("posts.edit")}</a>{" "}
            <a href={`${new URL(post.iri).pathname}/delete`} class="danger">
              {t("posts.delete")}
            </a>
          </p>
        ) : null}
        <section aria-label={t("posts.replies")} class="replies">
          <h2>{t(isResource ? "post.responses" : "post.replies", { count: replies.length })}</h2>
          {replyViews.map((reply) => (
            <>
              <PostCard
                t={t}
                view={{ ...reply, inReplyToHref: undefined }}
                languages={c.get("languages")}
              />
              {settles && resourceStatus === "open" ? (
                <form method="post" action={`${new URL(post.iri).pathname}/settle`} class="inline">
                  <CsrfField token={page.csrfToken} />
                  <input type="hidden" name="status" value="matched" />
                  <input type="hidden" name="response" value={reply.post.iri} />
                  <button type="submit" class="small">
                    {t("posts.mark-matched")}
                  </button>
                </form>
              ) : null}
            </>
          ))}
        </section>
      </Layout>,
    );
  });

  app.get("/:name{@[a-z0-9_]{1,30}}/posts/:id/edit", async (c) => {
    const found = await changeablePost(c);
    if (found instanceof Response) return found;
    const { post, actor } = found;
    const page = pageContext(c);
    const action = `${new URL(post.iri).pathname}/edit`;
    const expected = await languagesOfActor(c.get("deps").db, actor.handle);
    if (isComposableKind(post.kind))
      return c.html(
        <Layout title={page.t("posts.edit")} page={page}>
          <h1>{page.t("posts.edit")}</h1>
          <ContentForm
            t={page.t}
            kind={post.kind}
            csrfToken={page.csrfToken}
            identities={[{ handle: actor.handle, label: actor.handle }]}
            action={action}
            values={{ ...formValuesOf(post), as: actor.handle }}
            submitLabel={page.t("posts.save")}
            expected={expected}
          />
        </Layout>,
      );
    const values = {
      ...formValuesOf(post),
      as: actor.handle,
      summary: post.summary?.[post.defaultLanguage] ?? "",
    };
    return c.html(
      <Layout title={page.t("posts.edit-post")} page={page}>
        <h1>{page.t("posts.edit-post")}</h1>
        <ComposeForm
          t={page.t}
          csrfToken={page.csrfToken}
          identities={[{ handle: actor.handle, label: actor.handle }]}
          action={action}
          values={values}
          submitLabel={page.t("posts.save")}
          expected={expected}
        />
      </Layout>,
    );
  });

  app.post("/:name{@[a-z0-9_]{1,30}}/posts/:id/edit", async (c) => {
    const found = await changeablePost(c);
    if (found instanceof Response) return found;
    const { post, actor } = found;
    const form = await formFields(c);
    const changed = changedLanguages(form, c.get("t"));
    if (changed) {
      const page = pageContext(c);
      const expected = await languagesOfActor(c.get("deps").db, actor.handle);
      const props = {
        t: page.t,
        csrfToken: page.csrfToken,
        identities: [{ handle: actor.handle, label: actor.handle }],
        action: `${new URL(post.iri).pathname}/edit`,
        values: { ...changed.values, as: actor.handle },
        errors: changed.errors,
        submitLabel: page.t("posts.save"),
        expected,
      };
      return c.html(
        <Layout title={page.t("posts.edit")} page={page}>
          <h1>{page.t("posts.edit")}</h1>
          {isComposableKind(post.kind) ? (
            <ContentForm {...props} kind={post.kind} />
          ) : (
            <ComposeForm {...props} />
          )}
        </Layout>,
      );
    }
    // An edit keeps who can see the post: widening it after the fact would leak it.
    const parsed = PostInput.safeParse({
      ...(isComposableKind(post.kind)
        ? contentInputFromForm({ ...form, kind: post.kind })
        : postInputFromForm(form)),
      kind: post.kind,
      visibility: post.visibility,
      inReplyToIri: post.inReplyToIri ?? undefined,
    });
    if (!parsed.success) {
      const problems = Object.entries(fieldErrors(c, parsed.error));
      const fields = problems.map(([field, problem]) =>
        c.get("t")("posts.field-problem", { field, problem }),
      );
      return errorResponse(c, 400, "posts.not-saved", { problems: c.get("t").list(fields) });
    }
    await editPost(federationContext(c), post, parsed.data);
    return redirectWith(c, new URL(post.iri).pathname, "saved");
  });

  // Deleting asks first, on a page of its own: without scripts there is no dialog to ask in.
  app.get("/:name{@[a-z0-9_]{1,30}}/posts/:id/delete", async (c) => {
    const found = await changeablePost(c);
    if (found instanceof Response) return found;
    const { post } = found;
    const { db, config } = c.get("deps");
    const [view] = await postViews(db, config.ORIGIN, [post]);
    const page = pageContext(c);
    const { t } = page;
    const path = new URL(post.iri).pathname;
    return c.html(
      <Layout title={t("posts.delete-confirm.title")} page={page}>
        <h1>{t("posts.delete-confirm.title")}</h1>
        <p>{t("posts.delete-confirm.body")}</p>
        {view ? <PostCard t={t} view={view} languages={c.get("languages")} /> : null}
        <form method="post" action={`${path}/delete`} class="inline">
          <CsrfField token={page.csrfToken} />
          <button type="submit" class="danger">
            {t("posts.delete-confirm.yes")}
          </button>{" "}
          <a href={path}>{t("posts.delete-confirm.no")}</a>
        </form>
      </Layout>,
    );
  });

  app.post("/:name{@[a-z0-9_]{1,30}}/posts/:id/delete", async (c) => {
    const found = await changeablePost(c);
    if (found instanceof Response) return found;
    const { post, actor } = found;
    await removePost(federationContext(c), post);
    return redirectWith(c, `/@${actor.handle}`, "deleted");
  });
  return app;
}

/**
 * The local post at `/@{name}/posts/{id}` that the signed-in person may change (as its author or
 * an editor of its space), or the response to send instead.
 */
async function changeablePost(c: Context<WebEnv>) {
  const { db, config } = c.get("deps");
  const post = await findPostById(db, c.req.param("id") ?? "");
  const handle = post?.isLocal ? localHandleOf(config.ORIGIN, post.authorIri) : undefined;
  if (post == null || handle == null || `@${handle}` !== c.req.param("name")) {
    return errorResponse(c, 404, "error.no-post");
  }
  const actor = await requireActor(c, handle, "publish");
  return actor instanceof Response ? actor : { post, actor };
}

/** Why two posts match, as words: "French, Kenya, both online". */
function matchReasons(t: Translator, reasons: MatchReason[]): string[] {
  if (reasons.length === 0) return [t("posts.match.category")];
  return reasons.map((reason) => {
    if (reason.code === "language") return t.languageName(reason.language);
    if (reason.code === "region") return t.regionName(reason.region);
    return t(reason.code === "online" ? "posts.match.online" : "posts.match.dates");
  });
}
