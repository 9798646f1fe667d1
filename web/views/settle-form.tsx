import type { FC } from "hono/jsx";
import type { Post } from "../../db/schema.ts";
import type { Translator } from "../i18n/translator.ts";
import { CsrfField } from "./layout.tsx";

/** What the author can do to settle a post: close voting, or close or reopen an offer or need. */
export const SettleForm: FC<{ t: Translator; action: string; csrfToken: string; post: Post }> = ({
  t,
  action,
  csrfToken,
  post,
}) => {
  const d = post.details;
  if (d?.kind === "proposal")
    return (
      <form method="post" action={action} class="inline">
        <CsrfField token={csrfToken} />
        <button type="submit" class="small">
          {t("settle.close-voting")}
        </button>
      </form>
    );
  if (d?.kind !== "offer" && d?.kind !== "need") return null;
  return (
    <form method="post" action={action} class="inline">
      <CsrfField token={csrfToken} />
      {d.status === "open" ? (
        <button type="submit" name="status" value="closed" class="small">
          {t("settle.close")}
        </button>
      ) : (
        <button type="submit" name="status" value="open" class="small">
          {t("settle.reopen")}
        </button>
      )}
    </form>
  );
};
