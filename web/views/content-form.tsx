/**
 * The form for titled hub content (articles, offers, needs, lessons, events, proposals), in a
 * default language and optionally one translation, and its reading into the domain's PostInput.
 */
import { Temporal } from "@js-temporal/polyfill";
import type { FC } from "hono/jsx";
import type { Post } from "../../db/schema.ts";
import { LESSON_KINDS, RESOURCE_CATEGORIES } from "../../server/content/details.ts";
import type { Translator } from "../i18n/translator.ts";
import { lessonKindName } from "./content.tsx";
import { CsrfField } from "./layout.tsx";
import {
  fieldOf,
  LanguageControls,
  languagesOf,
  TranslationSet,
  textsOf,
} from "./translations.tsx";

export const COMPOSABLE_KINDS = [
  "article",
  "offer",
  "need",
  "lesson",
  "event",
  "proposal",
] as const;
export type ComposableKind = (typeof COMPOSABLE_KINDS)[number];
export const isComposableKind = (kind: string | undefined): kind is ComposableKind =>
  COMPOSABLE_KINDS.includes(kind as ComposableKind);

type Values = Record<string, string>;
interface FieldsProps {
  t: Translator;
  values: Values;
  errors: Values;
}

/** Links to the form of each kind, under a short compose form. */
export const WriteMore: FC<{ t: Translator; as?: string }> = ({ t, as }) => (
  <p class="write-more">
    {t("compose.write-more")}{" "}
    {COMPOSABLE_KINDS.map((kind) => (
      <a class="tag-link" href={`/compose?kind=${kind}${as ? `&as=${as}` : ""}`}>
        {t("post.kind-noun", { kind })}
      </a>
    ))}
  </p>
);

const Text: FC<{
  name: string;
  label: string;
  values: Values;
  errors: Values;
  type?: string;
  hint?: string;
  required?: boolean;
  area?: number;
}> = ({ name, label, values, errors, type = "text", hint, required = false, area }) => (
  <p class={errors[name] ? "field invalid" : "field"}>
    <label for={name}>{label}</label>
    {area ? (
      <textarea
        id={name}
        name={name}
        rows={area}
        required={required}
        dir="auto"
        aria-describedby={errors[name] || hint ? `${name}-note` : undefined}
      >
        {values[name] ?? ""}
      </textarea>
    ) : (
      <input
        id={name}
        name={name}
        type={type}
        value={values[name] ?? ""}
        required={required}
        dir="auto"
        aria-invalid={errors[name] ? "true" : undefined}
        aria-describedby={errors[name] || hint ? `${name}-note` : undefined}
      />
    )}
    {errors[name] || hint ? (
      <small id={`${name}-note`} class={errors[name] ? "error" : "hint"}>
        {errors[name] ?? hint}
      </small>
    ) : null}
  </p>
);

const Choice: FC<{
  name: string;
  label: string;
  options: readonly (readonly [string, string])[];
  values: Values;
}> = ({ name, label, options, values }) => (
  <p class="field">
    <label for={name}>{label}</label>
    <select id={name} name={name}>
      {options.map(([value, text]) => (
        <option value={value} selected={values[name] === value}>
          {text}
        </option>
      ))}
    </select>
  </p>
);

const LESSON_SECTIONS = ["context", "whatHappened", "outcome", "recommendations"] as const;

/**
 * The texts of a post in one language (`lang` for a translation, none for the default): title,
 * summary, body, and the kind's own texts (a lesson's sections, a proposal's options).
 */
const LanguageTexts: FC<FieldsProps & { kind: ComposableKind; lang?: string }> = ({
  t,
  kind,
  lang,
  values,
  errors,
}) => {
  const name = (field: string) => fieldOf(field, lang);
  return (
    <div lang={lang} class="texts">
      <Text
        name={name("title")}
        label={t("form.title")}
        values={values}
        errors={errors}
        required={lang == null}
      />
      <Text name={name("summary")} label={t("form.summary")} values={values} errors={errors} />
      <Text
        name={name("content")}
        label={t("form.markdown")}
        values={values}
        errors={errors}
        area={6}
      />
      {kind === "lesson"
        ? LESSON_SECTIONS.map((section) => (
            <Text
              name={name(section)}
              label={t("lesson.section", { name: section })}
              values={values}
              errors={errors}
              area={3}
            />
          ))
        : null}
      {kind === "proposal" ? (
        <Text
          name={name("options")}
          label={t("form.options")}
          values={values}
          errors={errors}
          area={4}
          hint={t("form.options-hint")}
          required={lang == null}
        />
      ) : null}
    </div>
  );
};

const ResourceFields: FC<FieldsProps> = ({ t, values, errors }) => (
  <fieldset>
    <legend>{t("form.resource")}</legend>
    <Choice
      name="category"
      label={t("form.category")}
      options={RESOURCE_CATEGORIES.map(
        (c) => [c, t("resource.category", { category: c })] as const,
      )}
      values={values}
    />
    <div class="row">
      <Text
        name="languages"
        label={t("form.languages")}
        values={values}
        errors={errors}
        hint={t("form.languages-hint")}
      />
      <Text
        name="regions"
        label={t("form.regions")}
        values={values}
        errors={errors}
        hint={t("form.regions-hint")}
      />
    </div>
    <p class="field">
      <label>
        <input type="checkbox" name="online" value="on" checked={values.online === "on"} />{" "}
        {t("form.works-online")}
      </label>
    </p>
    <div class="row">
      <Text
        name="availableFrom"
        label={t("form.available-from")}
        type="date"
        values={values}
        errors={errors}
      />
      <Text
        name="availableUntil"
        label={t("form.available-until")}
        type="date"
        values={values}
        errors={errors}
      />
      <Text
        name="capacity"
        label={t("form.quantity")}
        type="number"
        values={values}
        errors={errors}
      />
    </div>
  </fieldset>
);

const LessonFields: FC<FieldsProps> = (props) => {
  const { t, values, errors } = props;
  return (
    <fieldset>
      <legend>{t("form.lesson")}</legend>
      <Choice
        name="lessonKind"
        label={t("form.lesson-kind")}
        options={LESSON_KINDS.map((k) => [k, lessonKindName(t, k)] as const)}
        values={values}
      />
      <div class="row">
        <Text
          name="themes"
          label={t("form.themes")}
          values={values}
          errors={errors}
          hint={t("form.themes-hint")}
        />
        <Text
          name="regions"
          label={t("form.regions")}
          values={values}
          errors={errors}
          hint={t("form.regions-hint")}
        />
      </div>
    </fieldset>
  );
};

/** Every zone the runtime knows, UTC first: a choice, so a typo cannot make a wrong zone. */
export const TIME_ZONES = [
  "UTC",
  ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC"),
];

/** The time zone the form's dates and times are read in. */
const TimeZoneField: FC<FieldsProps> = ({ t, values, errors }) => {
  const chosen = values.timeZone || "UTC";
  const known = TIME_ZONES.includes(chosen);
  return (
    <p class={errors.timeZone ? "field invalid" : "field"}>
      <label for="timeZone">{t("form.time-zone")}</label>
      <select
        id="timeZone"
        name="timeZone"
        required
        aria-invalid={errors.timeZone ? "true" : undefined}
        aria-describedby="timeZone-note"
      >
        {known ? null : <option value={chosen}>{chosen}</option>}
        {TIME_ZONES.map((zone) => (
          <option value={zone} selected={zone === chosen}>
            {zone.replaceAll("_", " ")}
          </option>
        ))}
      </select>
      <small id="timeZone-note" class={errors.timeZone ? "error" : "hint"}>
        {errors.timeZone ?? t("form.time-zone-hint")}
      </small>
    </p>
  );
};

const EventFields: FC<FieldsProps> = (props) => {
  const { t, values, errors } = props;
  return (
    <fieldset>
      <legend>{t("form.when-where")}</legend>
      <div class="row">
        <Text
          name="startTime"
          label={t("form.starts")}
          type="datetime-local"
          values={values}
          errors={errors}
          required
        />
        <Text
          name="endTime"
          label={t("form.ends")}
          type="datetime-local"
          values={values}
          errors={errors}
          required
        />
        <TimeZoneField {...props} />
      </div>
      <div class="row">
        <Text name="placeName" label={t("form.place")} values={values} errors={errors} />
        <Text name="placeAddress" label={t("form.address")} values={values} errors={errors} />
      </div>
      <div class="row">
        <Text
          name="onlineUrl"
          label={t("form.online-link")}
          type="url"
          values={values}
          errors={errors}
        />
        <Text
          name="capacity"
          label={t("form.capacity")}
          type="number"
          values={values}
          errors={errors}
        />
      </div>
    </fieldset>
  );
};

const ProposalFields: FC<FieldsProps> = (props) => {
  const { t, values, errors } = props;
  return (
    <fieldset>
      <legend>{t("form.vote")}</legend>
      <div class="row">
        <Choice
          name="choice"
          label={t("form.choices")}
          options={(["single", "multiple"] as const).map(
            (c) => [c, t("form.choice", { choice: c })] as const,
          )}
          values={values}
        />
        <Choice
          name="votingMode"
          label={t("form.who-votes")}
          options={(["person", "space"] as const).map(
            (m) => [m, t("form.voting-mode", { mode: m })] as const,
          )}
          values={values}
        />
      </div>
      <div class="row">
        <Text
          name="endTime"
          label={t("form.voting-closes")}
          type="datetime-local"
          values={values}
          errors={errors}
          required
        />
        <TimeZoneField {...props} />
      </div>
    </fieldset>
  );
};

export const ContentForm: FC<{
  t: Translator;
  kind: ComposableKind;
  csrfToken: string;
  identities: { handle: string; label: string }[];
  action?: string;
  values?: Values;
  errors?: Values;
  submitLabel?: string;
  /** The languages the space writes in, to name the translations still missing. */
  expected?: string[];
}> = ({
  t,
  kind,
  csrfToken,
  identities,
  action = "/posts",
  values = {},
  errors = {},
  submitLabel,
  expected,
}) => (
  <form method="post" action={action} class="card compose">
    <CsrfField token={csrfToken} />
    <input type="hidden" name="kind" value={kind} />
    {identities.length > 1 ? (
      <Choice
        name="as"
        label={t("compose.publish-as")}
        options={identities.map((i) => [i.handle, i.label] as const)}
        values={values}
      />
    ) : (
      <input type="hidden" name="as" value={identities[0]?.handle ?? ""} />
    )}
    <LanguageControls t={t} values={values} errors={errors} expected={expected} />
    <LanguageTexts t={t} kind={kind} values={values} errors={errors} />
    {languagesOf(values).translations.map((lang) => (
      <TranslationSet t={t} lang={lang}>
        <LanguageTexts t={t} kind={kind} lang={lang} values={values} errors={errors} />
      </TranslationSet>
    ))}
    {kind === "offer" || kind === "need" ? (
      <ResourceFields t={t} values={values} errors={errors} />
    ) : null}
    {kind === "lesson" ? <LessonFields t={t} values={values} errors={errors} /> : null}
    {kind === "event" ? <EventFields t={t} values={values} errors={errors} /> : null}
    {kind === "proposal" ? <ProposalFields t={t} values={values} errors={errors} /> : null}
    <Choice
      name="visibility"
      label={t("compose.visibility")}
      options={(["public", "unlisted", "followers"] as const).map(
        (v) => [v, t("compose.visibility-option", { visibility: v })] as const,
      )}
      values={values}
    />
    {errors.form ? <p class="error">{errors.form}</p> : null}
    <button type="submit">{submitLabel ?? t("form.publish-kind", { kind })}</button>
  </form>
);

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

/** Whether the runtime knows a time zone. */
const isZone = (zone: string | undefined) => zone != null && TIME_ZONES.includes(zone);

/**
 * A local date and time in a time zone, as an instant; the raw text when it does not parse. An
 * unknown zone is refused on its own field, so the dates are read in UTC meanwhile and a wrong
 * zone never marks valid dates invalid.
 */
function zoned(local: string | undefined, timeZone: string | undefined): string | undefined {
  if (!local) return undefined;
  try {
    return Temporal.PlainDateTime.from(local)
      .toZonedDateTime(isZone(timeZone) ? (timeZone as string) : "UTC")
      .toInstant()
      .toString();
  } catch {
    return local;
  }
}

function inZone(iso: string, timeZone: string): string {
  return Temporal.Instant.from(iso)
    .toZonedDateTimeISO(timeZone)
    .toPlainDateTime()
    .toString({ smallestUnit: "minute" });
}

/** Form fields → the domain's post input (checked by PostInput afterwards). */
export function contentInputFromForm(form: Values) {
  const { language, translations } = languagesOf(form);
  const map = textsOf(form);
  const kind = form.kind as ComposableKind;
  const number = (name: string) => (form[name] ? Number(form[name]) : undefined);
  const day = (name: string) => (form[name] ? `${form[name]}T00:00:00Z` : undefined);
  const details = (() => {
    switch (kind) {
      case "offer":
      case "need":
        return {
          category: form.category,
          languages: list(form.languages),
          regions: list(form.regions),
          online: form.online === "on",
          availableFrom: day("availableFrom"),
          availableUntil: day("availableUntil"),
          capacity: number("capacity"),
        };
      case "lesson":
        return {
          lessonKind: form.lessonKind,
          context: map("context"),
          whatHappened: map("whatHappened"),
          outcome: map("outcome"),
          recommendations: map("recommendations"),
          themes: list(form.themes),
          regions: list(form.regions),
        };
      case "event":
        return {
          startTime: zoned(form.startTime, form.timeZone),
          endTime: zoned(form.endTime, form.timeZone),
          timeZone: form.timeZone,
          place: form.placeName ? { name: form.placeName, address: form.placeAddress } : undefined,
          onlineUrl: form.onlineUrl,
          capacity: number("capacity"),
        };
      case "proposal": {
        const lines = (text: string | undefined) =>
          (text ?? "")
            .split("\n")
            .map((l) => l.trim())
            .filter(Boolean);
        const translated = translations.map(
          (lang) => [lang, lines(form[fieldOf("options", lang)])] as const,
        );
        return {
          choice: form.choice,
          votingMode: form.votingMode,
          endTime: zoned(form.endTime, form.timeZone),
          options: lines(form.options).map((label, i) => ({
            [language]: label,
            ...Object.fromEntries(
              translated.flatMap(([lang, labels]) => (labels[i] ? [[lang, labels[i]]] : [])),
            ),
          })),
        };
      }
      default:
        return undefined;
    }
  })();
  return {
    kind,
    title: map("title"),
    summary: map("summary"),
    content: map("content"),
    defaultLanguage: language,
    visibility: form.visibility,
    details,
  };
}

/** A post's fields as the form shows them, for editing. */
export function formValuesOf(post: Post): Values {
  const language = post.defaultLanguage;
  const translations = [
    ...new Set([...Object.keys(post.title ?? {}), ...Object.keys(post.source ?? {})]),
  ].filter((l) => l !== language);
  const pair = (name: string, map: Record<string, string> | null | undefined) => ({
    [name]: map?.[language] ?? "",
    ...Object.fromEntries(translations.map((l) => [fieldOf(name, l), map?.[l] ?? ""])),
  });
  const d = post.details;
  const base: Values = {
    kind: post.kind,
    language,
    translations: translations.join(","),
    visibility: post.visibility,
    ...pair("title", post.title),
    ...pair("summary", post.summary),
    ...pair("content", post.source),
  };
  switch (d?.kind) {
    case "offer":
    case "need":
      return {
        ...base,
        category: d.category,
        languages: d.languages.join(", "),
        regions: d.regions.join(", "),
        online: d.online ? "on" : "",
        availableFrom: d.availableFrom?.slice(0, 10) ?? "",
        availableUntil: d.availableUntil?.slice(0, 10) ?? "",
        capacity: d.capacity ? String(d.capacity) : "",
      };
    case "lesson":
      return {
        ...base,
        lessonKind: d.lessonKind,
        ...pair("context", d.context),
        ...pair("whatHappened", d.whatHappened),
        ...pair("outcome", d.outcome),
        ...pair("recommendations", d.recommendations),
        themes: d.themes.join(", "),
        regions: d.regions.join(", "),
      };
    case "event":
      return {
        ...base,
        startTime: inZone(d.startTime, d.timeZone),
        endTime: inZone(d.endTime, d.timeZone),
        timeZone: d.timeZone,
        placeName: d.place?.name ?? "",
        placeAddress: d.place?.address ?? "",
        onlineUrl: d.onlineUrl ?? "",
        capacity: d.capacity ? String(d.capacity) : "",
      };
    case "proposal":
      return {
        ...base,
        choice: d.choice,
        votingMode: d.votingMode,
        timeZone: "UTC",
        endTime: inZone(d.endTime, "UTC"),
        options: d.options.map((o) => o[language] ?? "").join("\n"),
        ...Object.fromEntries(
          translations.map((l) => [
            fieldOf("options", l),
            d.options.map((o) => o[l] ?? "").join("\n"),
          ]),
        ),
      };
    default:
      return base;
  }
}
