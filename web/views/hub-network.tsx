/** A space's place in the hub network, on its page: its hubs, members, requests and forms. */
import type { FC } from "hono/jsx";
import type { Membership, Space } from "../../db/schema.ts";
import type { ActorCard } from "../../server/actors/actor-cards.ts";
import type { Translator } from "../i18n/translator.ts";
import { CsrfField } from "./layout.tsx";

export interface HubNetworkView {
  space: Space;
  /** Hubs it belongs to, and those it asked to join (admins only). */
  hubs: Membership[];
  pendingHubs: Membership[];
  /** For a hub: its member count and the requests waiting (admins only). */
  memberCount: number;
  requests: Membership[];
  cards: Map<string, ActorCard>;
  /** Whether the reader may act for the space (its owners and admins). */
  canManage: boolean;
}

const Actor: FC<{ card: ActorCard | undefined; iri: string }> = ({ card, iri }) => (
  <>
    <a href={card?.url ?? iri} dir="auto">
      {card?.name ?? iri}
    </a>{" "}
    <span class="handle">{card?.handle}</span>
  </>
);

/** A one-button form posting `fields` to `action`. */
const Button: FC<{
  action: string;
  csrf: string;
  fields: Record<string, string>;
  label: string;
}> = ({ action, csrf, fields, label }) => (
  <form method="post" action={action} class="inline">
    <CsrfField token={csrf} />
    {Object.entries(fields).map(([name, value]) => (
      <input type="hidden" name={name} value={value} />
    ))}
    <button type="submit" class="small">
      {label}
    </button>
  </form>
);

export const HubNetworkSection: FC<{ t: Translator; csrf: string; view: HubNetworkView }> = ({
  t,
  csrf,
  view,
}) => {
  const { space, cards, canManage } = view;
  const base = `/@${space.handle}`;
  return (
    <section class="card" aria-labelledby="hub-network">
      <h2 id="hub-network">{t("hubs.title")}</h2>
      <p>
        <a class="tag-link" href={`${base}/engagement`}>
          {t("hubs.engagement")}
        </a>
        <a class="tag-link" href={`${base}/archive`}>
          {t("hubs.archive")}
        </a>
        {space.kind === "hub" ? (
          <a class="tag-link" href={`${base}/members`}>
            {t("hubs.members-count", { count: view.memberCount })}
          </a>
        ) : null}
      </p>
      <h3>{t("hubs.member-of")}</h3>
      {view.hubs.length === 0 ? <p class="muted">{t("hubs.none")}</p> : null}
      <ul class="spaces">
        {view.hubs.map((m) => (
          <li>
            <Actor card={cards.get(m.hubIri)} iri={m.hubIri} />{" "}
            {canManage ? (
              <Button
                action={`${base}/hubs/leave`}
                csrf={csrf}
                fields={{ hub: m.hubIri }}
                label={t("hubs.leave")}
              />
            ) : null}
          </li>
        ))}
        {view.pendingHubs.map((m) => (
          <li>
            <Actor card={cards.get(m.hubIri)} iri={m.hubIri} />{" "}
            <span class="muted">{t("hubs.pending")}</span>{" "}
            <Button
              action={`${base}/hubs/leave`}
              csrf={csrf}
              fields={{ hub: m.hubIri }}
              label={t("hubs.withdraw")}
            />
          </li>
        ))}
      </ul>
      {canManage ? (
        <form method="post" action={`${base}/hubs`}>
          <CsrfField token={csrf} />
          <label>
            {t("hubs.join")}{" "}
            <input name="hub" required maxlength={500} placeholder="@hub@example.org" />
          </label>{" "}
          <button type="submit" class="small">
            {t("hubs.ask")}
          </button>
          <p class="muted">{t("hubs.join-hint")}</p>
        </form>
      ) : null}
      {space.kind === "hub" && canManage ? (
        <>
          <h3>{t("hubs.requests")}</h3>
          {view.requests.length === 0 ? <p class="muted">{t("hubs.no-requests")}</p> : null}
          <ul class="spaces">
            {view.requests.map((m) => (
              <li>
                <Actor card={cards.get(m.memberIri)} iri={m.memberIri} />{" "}
                {(["accept", "reject"] as const).map((answer) => (
                  <Button
                    action={`${base}/members/answer`}
                    csrf={csrf}
                    fields={{ member: m.memberIri, answer }}
                    label={t(answer === "accept" ? "hubs.accept" : "hubs.reject")}
                  />
                ))}
              </li>
            ))}
          </ul>
          <form method="post" action={`${base}/settings/membership`}>
            <CsrfField token={csrf} />
            <label>
              <input
                type="checkbox"
                name="automatic"
                checked={space.membershipApproval === "automatic"}
              />{" "}
              {t("hubs.approval")}
            </label>{" "}
            <button type="submit" class="small">
              {t("posts.save")}
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
};
