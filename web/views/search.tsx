/** The search box in every page's header, the search form with its filters, and spaces found. */
import type { Child, FC } from "hono/jsx";
import { type DirectoryEntry, hubFocus, postKind, spaceKind } from "../../db/schema.ts";
import { MAX_QUERY_LENGTH } from "../../server/search/words.ts";
import type { Translator } from "../i18n/translator.ts";
import { DirectoryEntryItem } from "./directory-entry.tsx";

export type SearchType = "posts" | "spaces";

/** One field per line in the header: a labelled search box that works without JavaScript. */
export const SearchBox: FC<{ t: Translator }> = ({ t }) => (
  <search>
    <form method="get" action="/search" class="inline">
      <label for="site-search" class="visually-hidden">
        {t("search.words")}
      </label>
      <input id="site-search" name="q" type="search" maxlength={MAX_QUERY_LENGTH} size={14} />
      <button type="submit" class="small">
        {t("search.submit")}
      </button>
    </form>
  </search>
);

/** Country codes Intl names, by name in the reader's language; computed once per language. */
const countries = new Map<string, { code: string; name: string }[]>();
/** Codes Intl names that are no country: groupings, pseudo-regions, exceptional reservations. */
const NOT_COUNTRIES = new Set([
  "AC",
  "CP",
  "CQ",
  "DG",
  "EA",
  "EU",
  "EZ",
  "IC",
  "QO",
  "TA",
  "UN",
  "XA",
  "XB",
  "ZZ",
]);
/** A current code, not a withdrawn one Intl still names (DD for Germany, SU for Russia). */
const isCurrent = (code: string) => Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}`;

function countriesFor(lang: string) {
  let list = countries.get(lang);
  if (list == null) {
    const names = new Intl.DisplayNames([lang], { type: "region", fallback: "none" });
    const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    list = [...letters]
      .flatMap((a) => [...letters].map((b) => `${a}${b}`))
      .filter((code) => !NOT_COUNTRIES.has(code) && isCurrent(code))
      .flatMap((code) => {
        const name = names.of(code);
        return name ? [{ code, name }] : [];
      })
      .sort((a, b) => a.name.localeCompare(b.name, lang));
    countries.set(lang, list);
  }
  return list;
}

export interface SearchValues {
  q?: string;
  kind?: string;
  space?: string;
  focus?: string;
  language?: string;
  region?: string;
  theme?: string;
}

const Choice: FC<{
  name: keyof SearchValues;
  label: string;
  any: string;
  value: string | undefined;
  options: { value: string; label: string }[];
}> = ({ name, label, any, value, options }) => {
  // A value typed into the address (a subdivision such as KE-30) stays chosen.
  const all =
    value && !options.some((o) => o.value === value)
      ? [{ value, label: value }, ...options]
      : options;
  return (
    <p class="field">
      <label for={`search-${name}`}>{label}</label>
      <select id={`search-${name}`} name={name}>
        <option value="">{any}</option>
        {all.map((option) => (
          <option value={option.value} selected={option.value === value}>
            {option.label}
          </option>
        ))}
      </select>
    </p>
  );
};

const Text: FC<{ name: keyof SearchValues; label: string; value?: string; hint?: string }> = ({
  name,
  label,
  value,
  hint,
}) => (
  <p class="field">
    <label for={`search-${name}`}>{label}</label>
    <input
      id={`search-${name}`}
      name={name}
      value={value ?? ""}
      maxlength={300}
      aria-describedby={hint ? `search-${name}-hint` : undefined}
    />
    {hint ? (
      <small id={`search-${name}-hint`} class="hint">
        {hint}
      </small>
    ) : null}
  </p>
);

/** The words and the filters of one kind of search, as a form that reloads the page. */
export const SearchForm: FC<{
  t: Translator;
  type: SearchType;
  values: SearchValues;
  /** Languages to choose from: the interface's and those of the spaces known here. */
  languages: string[];
}> = ({ t, type, values, languages }) => {
  const languageOptions = languages
    .map((tag) => ({ value: tag, label: t.languageName(tag) }))
    .sort((a, b) => a.label.localeCompare(b.label, t.locale));
  const regions = countriesFor(t.lang).map((c) => ({ value: c.code, label: c.name }));
  const common: Child = (
    <>
      <Choice
        name="language"
        label={t("search.language")}
        any={t("search.any-language")}
        value={values.language}
        options={languageOptions}
      />
      <Choice
        name="region"
        label={t("search.region")}
        any={t("search.any-region")}
        value={values.region}
        options={regions}
      />
      <Text name="theme" label={t("search.theme")} value={values.theme} />
    </>
  );
  return (
    <search>
      <form method="get" action="/search" class="card">
        <input type="hidden" name="type" value={type} />
        <p class="field">
          <label for="search-q">{t("search.words")}</label>
          <input
            id="search-q"
            name="q"
            type="search"
            value={values.q ?? ""}
            maxlength={MAX_QUERY_LENGTH}
            aria-describedby="search-q-hint"
          />
          <small id="search-q-hint" class="hint">
            {t("search.words-hint")}
          </small>
        </p>
        <fieldset class="row filters">
          <legend>{t("search.filters")}</legend>
          {type === "posts" ? (
            <>
              <Choice
                name="kind"
                label={t("search.kind")}
                any={t("search.any-kind")}
                value={values.kind}
                options={postKind.enumValues.map((kind) => ({
                  value: kind,
                  label: t("post.kind", { kind }),
                }))}
              />
              <Text
                name="space"
                label={t("search.author")}
                value={values.space}
                hint={t("search.author-hint")}
              />
            </>
          ) : (
            <>
              <Choice
                name="kind"
                label={t("search.kind")}
                any={t("search.any-kind")}
                value={values.kind}
                options={spaceKind.enumValues.map((kind) => ({
                  value: kind,
                  label: t("space.kind", { kind, focus: "none" }),
                }))}
              />
              <Choice
                name="focus"
                label={t("search.focus")}
                any={t("search.any-focus")}
                value={values.focus}
                options={hubFocus.enumValues.map((focus) => ({
                  value: focus,
                  label: t("space.kind", { kind: "hub", focus }),
                }))}
              />
            </>
          )}
          {common}
        </fieldset>
        <button type="submit">{t("search.submit")}</button>
      </form>
    </search>
  );
};

/** Spaces found, as the directory lists them. */
export const SpaceResults: FC<{ t: Translator; spaces: DirectoryEntry[]; languages: string[] }> = ({
  t,
  spaces,
  languages,
}) => (
  <ul class="spaces directory">
    {spaces.map((entry) => (
      <DirectoryEntryItem t={t} entry={entry} languages={languages} />
    ))}
  </ul>
);
