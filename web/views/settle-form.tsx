import type { FC } from "hono/jsx";
import type { Post } from "../../db/schema.ts";
import { CsrfField } from "./layout.tsx";

/** What the author can do to settle a post: close voting, or close or reopen an offer or need. */
export const SettleForm: FC<{ action: string; csrfToken: string; post: Post }> = ({
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
          Close voting now and publish the result
        </button>
      </form>
    );
  if (d?.kind !== "offer" && d?.kind !== "need") return null;
  return (
    <form method="post" action={action} class="inline">
      <CsrfField token={csrfToken} />
      {d.status === "open" ? (
        <button type="submit" name="status" value="closed" class="small">
          Close without a match
        </button>
      ) : (
        <button type="submit" name="status" value="open" class="small">
          Open again
        </button>
      )}
    </form>
  );
};
