import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { CHECK_REASONS, RULE_REASONS } from "../../server/validation.ts";
import { CATALOGS, type InterfaceLanguage } from "../../web/i18n/languages.ts";

// Node types of intl-messageformat's syntax tree (@formatjs/icu-messageformat-parser TYPE).
const ARGUMENT = 1;
const NUMBER = 2;
const SELECT = 5;
const PLURAL = 6;
const TAG = 8;

interface Element {
  type: number;
  value?: string;
  options?: Record<string, { value: Element[] }>;
  pluralType?: "cardinal" | "ordinal";
  children?: Element[];
}

/** What a message expects: its arguments (by how they are used), and each plural's categories. */
function shapeOf(
  elements: Element[],
  shape = { args: new Set<string>(), plurals: [] as string[][] },
) {
  for (const element of elements) {
    if (element.type === TAG) shape.args.add(`<${element.value}>`);
    else if (element.type >= ARGUMENT && element.value != null && element.type !== 7)
      shape.args.add(`${element.value}:${element.type === PLURAL ? NUMBER : element.type}`);
    if (element.type === PLURAL) shape.plurals.push(Object.keys(element.options ?? {}));
    for (const option of Object.values(element.options ?? {})) shapeOf(option.value, shape);
    if (element.children) shapeOf(element.children, shape);
  }
  return shape;
}

/** Values that fill every argument of a message: numbers, "other" for selects, tag functions. */
function sampleValues(elements: Element[], values: Record<string, unknown> = {}) {
  for (const element of elements) {
    if (element.type === TAG && element.value)
      values[element.value] = (parts: unknown[]) => parts.join("");
    else if (element.type === SELECT && element.value) values[element.value] = "other";
    else if (element.type >= ARGUMENT && element.type <= 6 && element.value)
      values[element.value] = 3;
    for (const option of Object.values(element.options ?? {})) sampleValues(option.value, values);
    if (element.children) sampleValues(element.children, values);
  }
  return values;
}

const english = CATALOGS.en as Record<string, string>;
const parse = (lang: string, source: string) =>
  new IntlMessageFormat(source, lang).getAst() as Element[];

describe("interface catalogs", () => {
  const languages = Object.entries(CATALOGS) as [InterfaceLanguage, Record<string, string>][];

  it.each(languages)("%s has exactly the English keys", (_lang, catalog) => {
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(languages)(
    "%s parses, names the English arguments and plural categories",
    (lang, catalog) => {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const [key, source] of Object.entries(catalog)) {
        const ast = parse(lang, source);
        const shape = shapeOf(ast);
        const englishShape = shapeOf(parse("en", english[key] as string));
        expect([...shape.args].sort(), `${lang} ${key}`).toEqual([...englishShape.args].sort());
        for (const plural of shape.plurals) {
          const named = plural.filter((c) => !c.startsWith("="));
          // Every category the language has, and none it lacks ("many" in Russian, "two" in Arabic).
          expect(named.sort(), `${lang} ${key}`).toEqual([...categories].sort());
        }
        const values = sampleValues(ast);
        expect(
          () => new IntlMessageFormat(source, lang).format(values),
          `${lang} ${key}`,
        ).not.toThrow();
      }
    },
  );

  it("has words for every reason the domain gives", () => {
    for (const code of [...RULE_REASONS, ...CHECK_REASONS])
      expect(english[`reason.${code}`], code).toBeTypeOf("string");
  });
});
