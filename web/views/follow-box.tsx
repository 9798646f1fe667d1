/**
 * How to follow an actor of this instance: signed in here, as oneself or a managed space; from
 * Mastodon or any fediverse app, by its handle (in a field to copy) or by one's own server's
 * follow page (the remote-follow form).
 */
import type { FC } from "hono/jsx";
import type { Translator } from "../i18n/translator.ts";
import type { Identity } from "../identities.ts";
import { CsrfField } from "./layout.tsx";

export interface FollowState {
  /** Local actors the reader may follow as, each with whether it follows already. */
  identities: (Identity & { state: "pending" | "accepted" | undefined })[];
  targetIri: string;
}

export const FollowBox: FC<{
  t: Translator;
  handle: string;
  host: string;
  csrfToken: string;
  reader?: FollowState;
}> = ({ t, handle, host, csrfToken, reader }) => {
  const address = `@${handle}@${host}`;
  const following = reader?.identities.filter((i) => i.state != null) ?? [];
  const others = reader?.identities.filter((i) => i.state == null) ?? [];
  return (
    <section class="card follow" aria-labelledby="follow-heading">
      <h2 id="follow-heading">{t("actors.follow")}</h2>
      {reader ? (
        <>
          {following.map((identity) => (
            <form method="post" action="/unfollow" class="inline-form">
              <CsrfField token={csrfToken} />
              <input type="hidden" name="as" value={identity.handle} />
              <input type="hidden" name="target" value={reader.targetIri} />
              <span>
                {t(identity.state === "pending" ? "follow.requested-as" : "follow.following-as", {
                  name: identity.label,
                })}
              </span>
              <button type="submit" class="small">
                {t("follow.unfollow")}
              </button>
            </form>
          ))}
          {others.length > 0 ? (
            <form method="post" action="/follow" class="inline-form">
              <CsrfField token={csrfToken} />
              <input type="hidden" name="target" value={address} />
              {others.length > 1 ? (
                <>
                  <label for="follow-as">{t("follow.as")}</label>
                  <select id="follow-as" name="as">
                    {others.map((i) => (
                      <option value={i.handle}>{i.label}</option>
                    ))}
                  </select>
                </>
              ) : (
                <input type="hidden" name="as" value={others[0]?.handle} />
              )}
              <button type="submit">{t("actors.follow")}</button>
            </form>
          ) : null}
        </>
      ) : null}
      <p>{t("follow.from-fediverse")}</p>
      <p class="field">
        <label for="follow-handle">{t("follow.handle")}</label>
        <input id="follow-handle" class="copy handle-field" readonly value={address} dir="ltr" />
        <small class="hint">{t("follow.handle-hint")}</small>
      </p>
      <form method="post" action={`/@${handle}/remote-follow`} class="inline-form">
        <CsrfField token={csrfToken} />
        <label for="remote-account">{t("follow.your-account")}</label>
        <input
          id="remote-account"
          name="account"
          placeholder="@you@mastodon.social"
          required
          dir="ltr"
          autocomplete="username"
        />
        <button type="submit">{t("follow.remote")}</button>
      </form>
    </section>
  );
};
