/** How a space's own facts read on a page, in the reader's language. */
import type { Space } from "../../db/schema.ts";
import type { Translator } from "../i18n/translator.ts";

/** "Regional hub", "Affiliate"… */
export const spaceKindOf = (t: Translator, space: Pick<Space, "kind" | "focus">) =>
  t("space.kind", { kind: space.kind, focus: space.focus ?? "none" });
