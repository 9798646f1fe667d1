/** A space's engagement: charts drawn on the server, the same numbers in tables, and CSV. */
import { type Context, Hono } from "hono";
import type { Space } from "../../db/schema.ts";
import { actorCards } from "../../server/actors/actor-cards.ts";
import { localActorIri } from "../../server/actors/local-iris.ts";
import { engagementCsv } from "../../server/engagement/csv.ts";
import { type Engagement, monthsUntil } from "../../server/engagement/engagement.ts";
import { engagementSeries, hubEngagement } from "../../server/engagement/hub-engagement.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { BarChart } from "../charts/bar-chart.tsx";
import type { WebEnv } from "../env.ts";
import type { Translator } from "../i18n/translator.ts";
import { pageContext } from "../page.ts";
import { errorResponse } from "../views/error-page.tsx";
import { Layout } from "../views/layout.tsx";

const SPACE = "/:name{@[a-z0-9_]{1,30}}";
const MONTHS = 12;

async function load(c: Context<WebEnv>) {
  const { db, config } = c.get("deps");
  const space = await findSpaceByHandle(db, c.req.param("name")?.slice(1) ?? "");
  if (space == null) return undefined;
  const iri = localActorIri(config.ORIGIN, space.handle);
  const periods = monthsUntil(new Date(), MONTHS);
  const series = await engagementSeries(db, { iri, isHub: space.kind === "hub" }, periods);
  const last = periods.at(-1);
  const members =
    space.kind === "hub" && last ? (await hubEngagement(db, config.ORIGIN, iri, last)).members : [];
  return { space, iri, series, members };
}

const monthLabel = (t: Translator, e: Engagement) =>
  t.dateTime(e.period.from, { month: "short", year: "2-digit", timeZone: "UTC" });
const ratio = (t: Translator, e: Engagement) =>
  e.engagementRatio == null ? "–" : t.number(e.engagementRatio, { maximumFractionDigits: 2 });
const postsOf = (e: Engagement) => Object.values(e.posts).reduce((sum, n) => sum + n, 0);

function charts(t: Translator, series: Engagement[]) {
  const bars = (value: (e: Engagement) => number, shown: (e: Engagement) => string) =>
    series.map((e) => ({ label: monthLabel(t, e), value: value(e), shown: shown(e) }));
  const whole = (value: (e: Engagement) => number) => bars(value, (e) => t.number(value(e)));
  return [
    {
      id: "engaged",
      title: t("engagement.chart.engaged"),
      bars: whole((e) => e.engagedParticipants),
    },
    {
      id: "ratio",
      title: t("engagement.chart.ratio"),
      bars: bars(
        (e) => e.engagementRatio ?? 0,
        (e) => ratio(t, e),
      ),
    },
    {
      id: "interactions",
      title: t("engagement.chart.interactions"),
      bars: whole((e) => e.interactions.total),
    },
    { id: "posts", title: t("engagement.chart.posts"), bars: whole(postsOf) },
  ];
}

const Row = ({ t, label, e }: { t: Translator; label: string; e: Engagement }) => (
  <tr>
    <th scope="row">{label}</th>
    <td>{t.number(e.followers)}</td>
    <td>{e.memberSpaces == null ? "–" : t.number(e.memberSpaces)}</td>
    <td>{t.number(postsOf(e))}</td>
    <td>{t.number(e.interactions.replies)}</td>
    <td>{t.number(e.interactions.likes + e.interactions.boosts)}</td>
    <td>{t.number(e.interactions.rsvps + e.interactions.votes)}</td>
    <td>{t.number(e.engagedParticipants)}</td>
    <td>{ratio(t, e)}</td>
  </tr>
);

const Header = ({ t, first }: { t: Translator; first: string }) => (
  <thead>
    <tr>
      <th scope="col">{first}</th>
      {(
        [
          "followers",
          "member-spaces",
          "posts",
          "replies",
          "reactions",
          "answers",
          "engaged",
          "ratio",
        ] as const
      ).map((column) => (
        <th scope="col">{t(`engagement.column.${column}`)}</th>
      ))}
    </tr>
  </thead>
);

const nameOf = (space: Space, languages: string[]) =>
  pickLanguage(space.name, languages, space.defaultLanguage)?.text ?? space.handle;

export function engagementRoutes() {
  const app = new Hono<WebEnv>();

  app.get(`${SPACE}/engagement.csv`, async (c) => {
    const loaded = await load(c);
    if (loaded == null) return errorResponse(c, 404, "error.not-found");
    const { space, iri, series, members } = loaded;
    const csv = engagementCsv([
      ...series.map((engagement) => ({ space: iri, engagement })),
      ...members.map((m) => ({ space: m.iri, engagement: m.engagement })),
    ]);
    c.header("content-disposition", `attachment; filename="${space.handle}-engagement.csv"`);
    return c.body(csv, 200, { "content-type": "text/csv; charset=utf-8" });
  });

  app.get(`${SPACE}/engagement`, async (c) => {
    const loaded = await load(c);
    if (loaded == null) return errorResponse(c, 404, "error.not-found");
    const { space, series, members } = loaded;
    const page = pageContext(c);
    const { t } = page;
    const title = t("engagement.title", { name: nameOf(space, c.get("languages")) });
    const cards = await actorCards(
      c.get("deps").db,
      c.get("deps").config.ORIGIN,
      members.map((m) => m.iri),
    );
    return c.html(
      <Layout title={title} page={page}>
        <h1 dir="auto">{title}</h1>
        <p>{t("engagement.intro")}</p>
        <p>
          <a href={`/@${space.handle}/engagement.csv`} download>
            {t("engagement.csv")}
          </a>
        </p>
        <div class="charts">
          {charts(t, series).map((chart) => (
            <figure class="chart">
              <BarChart id={chart.id} title={chart.title} bars={chart.bars} />
              <figcaption>{chart.title}</figcaption>
            </figure>
          ))}
        </div>
        <div class="table-scroll">
          <table class="numbers">
            <caption>{t("engagement.table")}</caption>
            <Header t={t} first={t("engagement.column.month")} />
            <tbody>
              {series.map((e) => (
                <Row t={t} label={monthLabel(t, e)} e={e} />
              ))}
            </tbody>
          </table>
        </div>
        {space.kind === "hub" ? (
          <div class="table-scroll">
            <table class="numbers">
              <caption>{t("engagement.members")}</caption>
              <Header t={t} first={t("engagement.column.space")} />
              <tbody>
                {members.map((m) => (
                  <Row t={t} label={cards.get(m.iri)?.handle ?? m.iri} e={m.engagement} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Layout>,
    );
  });
  return app;
}
