import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import type { Post } from "../../db/schema.ts";
import type { ActorCard } from "../../server/actors/actor-cards.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import type { Translator } from "../i18n/translator.ts";
import { type ContentExtras, ContentFacts } from "./content.tsx";
import { CsrfField } from "./layout.tsx";

export interface PostView {
  post: Post;
  author: ActorCard;
  counts: { likes: number; boosts: number; replies?: number };
  /** Whether the reader liked or boosted it (their buttons show pressed). */
  mine?: { like: boolean; boost: boolean };
  /** The local page of the post (local posts) or its original URL. */
  href: string;
  /** The post it answers, when it is a reply. */
  inReplyToHref?: string;
  /** RSVPs of an event, results of a proposal. */
  extras?: ContentExtras;
  /** The hubs that passed the post on to their followers. */
  relayedBy?: ActorCard[];
}

/** A post in the reader's language; its HTML was sanitized (remote) or escaped (local) when stored. */
export const PostCard: FC<{
  t: Translator;
  view: PostView;
  languages: string[];
  csrfToken?: string;
  actAs?: string;
  /** Who the reader may answer events and vote as; no forms without it. */
  identities?: { handle: string; label: string }[];
  /** On the post's own page its title is the page's heading. */
  isPage?: boolean;
}> = ({ t, view, languages, csrfToken, actAs, identities, isPage }) => {
  const { post, author, counts } = view;
  const body = pickLanguage(post.contentHtml, languages, post.defaultLanguage);
  const title = post.title ? pickLanguage(post.title, languages, post.defaultLanguage) : undefined;
  const summary = post.summary
    ? pickLanguage(post.summary, languages, post.defaultLanguage)
    : undefined;
  const shown = title ?? body;
  const reader = csrfToken && identities?.length ? { csrfToken, identities } : undefined;
  const content = (
    <div class="content" lang={body?.language} dir="auto">
      {raw(body?.text ?? "")}
    </div>
  );
  return (
    // The card follows the page's language and direction; each text of the post carries its own.
    <article class={`post kind-${post.kind}`}>
      <header>
        {/* Isolated, so a name in one script and a date in another do not reorder each other. */}
        <a href={author.url} class="author">
          <strong>
            <bdi>{author.name}</bdi>
          </strong>{" "}
          <bdi class="muted">{author.handle}</bdi>
        </a>{" "}
        <a href={view.href} class="muted">
          <bdi>
            <time datetime={post.publishedAt.toISOString()}>
              {t.dateTime(post.publishedAt, {
                dateStyle: "medium",
                timeStyle: "short",
                timeZone: t.timeZone ?? "UTC",
              })}
            </time>
          </bdi>
        </a>
        {post.updatedAt ? <span class="muted"> · {t("post.edited")}</span> : null}
        <span class="muted"> · {t("post.visibility", { visibility: post.visibility })}</span>
        {post.kind !== "note" ? (
          <span class="kind"> {t("post.kind", { kind: post.kind })}</span>
        ) : null}
        {view.inReplyToHref && !isPage ? (
          <>
            {" · "}
            <a href={view.inReplyToHref} class="muted">
              {t("post.in-reply-to")}
            </a>
          </>
        ) : null}
        {view.relayedBy?.length ? (
          <p class="muted relayed-by">
            {t.rich("post.relayed-by", {
              hubs: (
                <>
                  {view.relayedBy.map((hub, i) => (
                    <>
                      {i > 0 ? ", " : ""}
                      <a href={hub.url}>
                        <bdi>{hub.handle}</bdi>
                      </a>
                    </>
                  ))}
                </>
              ),
            })}
          </p>
        ) : null}
      </header>
      {shown?.isFallback ? <FallbackNote t={t} language={shown.language} /> : null}
      {title && isPage ? (
        <h1 class="title" lang={title.language} dir="auto">
          {title.text}
        </h1>
      ) : title ? (
        <h2 class="title" lang={title.language} dir="auto">
          <a href={view.href}>{title.text}</a>
        </h2>
      ) : null}
      {post.kind === "note" && summary ? (
        <details>
          <summary lang={summary.language} dir="auto">
            {summary.text}
          </summary>
          {content}
        </details>
      ) : (
        <>
          {summary ? (
            <p class="summary" lang={summary.language} dir="auto">
              {summary.text}
            </p>
          ) : null}
          <ContentFacts
            t={t}
            post={post}
            languages={languages}
            extras={view.extras ?? {}}
            reader={reader}
          />
          {content}
        </>
      )}
      <footer class="muted">
        <span class="count" data-count="likes">
          {t("post.likes", { count: counts.likes })}
        </span>{" "}
        ·{" "}
        <span class="count" data-count="boosts">
          {t("post.boosts", { count: counts.boosts })}
        </span>
        {counts.replies != null ? (
          <>
            {" "}
            ·{" "}
            <span class="count" data-count="replies">
              {t("post.replies", { count: counts.replies })}
            </span>
          </>
        ) : null}
        {csrfToken && actAs ? (
          <>
            {" "}
            {(["like", "boost"] as const).map((kind) => (
              <>
                <ReactionButton
                  t={t}
                  kind={kind}
                  pressed={view.mine?.[kind] ?? false}
                  iri={post.iri}
                  actAs={actAs}
                  csrfToken={csrfToken}
                />{" "}
              </>
            ))}
            <a href={`/reply?iri=${encodeURIComponent(post.iri)}`}>{t("post.reply")}</a>{" "}
            <a href={`/report?post=${encodeURIComponent(post.iri)}`}>{t("post.report")}</a>
          </>
        ) : null}
      </footer>
    </article>
  );
};

/**
 * A like or boost as a toggle: pressed when the reader has liked or boosted, and the form says
 * which state is wanted, so a form sent twice does not undo itself.
 */
const ReactionButton: FC<{
  t: Translator;
  kind: "like" | "boost";
  pressed: boolean;
  iri: string;
  actAs: string;
  csrfToken: string;
}> = ({ t, kind, pressed, iri, actAs, csrfToken }) => (
  <form method="post" action="/reactions" class="inline">
    <CsrfField token={csrfToken} />
    <input type="hidden" name="iri" value={iri} />
    <input type="hidden" name="kind" value={kind} />
    <input type="hidden" name="as" value={actAs} />
    <input type="hidden" name="wanted" value={pressed ? "off" : "on"} />
    <button
      type="submit"
      class={pressed ? "small pressed" : "small"}
      aria-pressed={pressed ? "true" : "false"}
    >
      {pressed ? <span aria-hidden="true">✓ </span> : null}
      {t(kind === "like" ? "post.like" : "post.boost")}
    </button>
  </form>
);

/** Says, in the reader's language, which language a text is shown in when theirs is missing. */
export const FallbackNote: FC<{ t: Translator; language: string }> = ({ t, language }) => (
  <p class="fallback" role="note">
    {t("post.fallback", { language: t.languageName(language) })}
  </p>
);
