import { describe, expect, it } from "vitest";
import { BarChart } from "../../web/charts/bar-chart.tsx";
import { countryOf, WorldMap } from "../../web/charts/world-map.tsx";

const svg = (node: unknown) => String(node);
const attributes = (text: string, tag: string) =>
  [...text.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, "g"))].map((m) => m[1] ?? "");

describe("the world map", () => {
  const byCountry = new Map([
    ["KE", { count: 3, href: "/directory?region=KE", label: "Kenya: 3 spaces" }],
    ["NG", { count: 1, href: "/directory?region=NG", label: "Nigeria: 1 space" }],
  ]);
  const text = svg(WorldMap({ title: "Spaces by country", byCountry }));

  it("is an SVG group with a title, every country drawn, its links reachable", () => {
    expect(text.startsWith("<svg")).toBe(true);
    expect(text).toContain('role="group"');
    expect(text).toContain('<title id="world-map-title">Spaces by country</title>');
    expect(attributes(text, "path").length).toBeGreaterThan(170);
    // Every shape is closed: the document is well formed.
    expect(text.match(/<path\b/g)?.length).toBe(text.match(/<\/path>/g)?.length);
  });

  it("links each country with spaces to them, darker where there are more", () => {
    const links = attributes(text, "a");
    expect(links).toHaveLength(2);
    expect(links.map((a) => a.match(/data-country="(\w+)"/)?.[1]).sort()).toEqual(["KE", "NG"]);
    expect(links.map((a) => a.match(/href="([^"]+)"/)?.[1]).sort()).toEqual([
      "/directory?region=KE",
      "/directory?region=NG",
    ]);
    expect(text).toContain("<title>Kenya: 3 spaces</title>");
    const fill = (code: string) =>
      text.match(new RegExp(`data-country="${code}"><path[^>]*fill="(#[0-9a-f]+)"`))?.[1];
    expect(fill("KE")).toBe("#08306b");
    expect(fill("NG")).toBe("#c6dbef");
  });

  it("escapes what it is given", () => {
    const hostile = new Map([["KE", { count: 1, href: '/x?"><script>', label: "<b>Kenya</b>" }]]);
    const out = svg(WorldMap({ title: "<script>alert(1)</script>", byCountry: hostile }));
    expect(out).not.toContain("<script>");
    expect(out).toContain("&lt;b&gt;Kenya&lt;/b&gt;");
  });

  it("places subdivisions in their country", () => {
    expect(countryOf("KE-30")).toBe("KE");
    expect(countryOf("br-sp")).toBe("BR");
  });
});

describe("bar charts", () => {
  const bars = [
    { label: "Sep", value: 0, shown: "0" },
    { label: "Oct", value: 2, shown: "2" },
    { label: "Nov", value: 4, shown: "4" },
  ];
  const text = svg(BarChart({ title: "Engaged participants", bars, id: "engaged" }));
  const heights = attributes(text, "rect").map((a) => Number(a.match(/height="([\d.]+)"/)?.[1]));

  it("draws one bar per period, from zero, in proportion", () => {
    expect(heights).toEqual([0, 81, 162]);
    expect(text).toContain("<title>Nov: 4</title>");
    expect(text).toContain('aria-labelledby="engaged-title"');
  });

  it("writes each value and period as text, readable without colour", () => {
    for (const label of ["Sep", "Oct", "Nov"]) expect(text).toContain(`>${label}</text>`);
    expect(text).toContain(">4</text>");
  });

  it("draws nothing tall when every value is zero", () => {
    const flat = svg(
      BarChart({ title: "t", id: "f", bars: bars.map((b) => ({ ...b, value: 0 })) }),
    );
    expect(attributes(flat, "rect").every((a) => a.includes('height="0.0"'))).toBe(true);
  });
});
