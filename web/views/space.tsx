/** How a space's own facts read on a page, in the reader's language. */
import type { FC } from "hono/jsx";
import type { Space } from "../../db/schema.ts";
import type { Translator } from "../i18n/translator.ts";

/** "Regional hub", "Affiliate"… */
export const spaceKindOf = (t: Translator, space: Pick<Space, "kind" | "focus">) =>
  t("space.kind", { kind: space.kind, focus: space.focus ?? "none" });

/** The pages of a space its managers move between. */
export const SpaceTabs: FC<{
  t: Translator;
  handle: string;
  current: "profile" | "settings" | "members" | "requests" | "blocks";
}> = ({ t, handle, current }) => (
  <nav aria-label={t("space-tabs.label")} class="tabs">
    {(
      [
        ["profile", `/@${handle}`],
        ["settings", `/@${handle}/settings`],
        ["members", `/@${handle}/people`],
        ["requests", `/@${handle}/followers/requests`],
        ["blocks", `/@${handle}/settings/blocks`],
      ] as const
    ).map(([tab, href]) => (
      <a href={href} aria-current={tab === current ? "page" : undefined}>
        {t("space-tabs.tab", { tab })}
      </a>
    ))}
  </nav>
);
