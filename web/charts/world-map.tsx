/**
 * A world map drawn on the server as SVG, from Natural Earth's countries in `world-atlas` with
 * `d3-geo` (nothing fetched at run time, no script in the page). Countries with spaces are filled
 * by how many there are and link to them; every shape says what it is to screen readers, and
 * pages put the same facts in a list beside the map.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { geoEqualEarth, geoPath } from "d3-geo";
import iso from "iso-3166-1";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 470;

interface Country {
  /** ISO 3166-1 alpha-2, or undefined for territories without one (Kosovo, N. Cyprus …). */
  code: string | undefined;
  path: string;
}

let countries: Country[] | undefined;

/** Every country's outline, projected once per process (Equal Earth keeps areas true). */
function countryShapes(): Country[] {
  if (countries) return countries;
  const file = createRequire(import.meta.url).resolve("world-atlas/countries-110m.json");
  const topology = JSON.parse(readFileSync(file, "utf8")) as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const shapes = feature(topology, topology.objects.countries);
  const projection = geoEqualEarth().fitSize([MAP_WIDTH, MAP_HEIGHT], shapes);
  const path = geoPath(projection);
  countries = shapes.features.flatMap((country) => {
    const d = path(country);
    if (d == null) return [];
    const numeric = country.id == null ? undefined : String(country.id).padStart(3, "0");
    return [{ code: numeric ? iso.whereNumeric(numeric)?.alpha2 : undefined, path: d }];
  });
  return countries;
}

/** The country of a region code: `KE-30` → `KE`. */
export const countryOf = (region: string) => region.slice(0, 2).toUpperCase();

export interface MapCountry {
  /** How many spaces serve it. */
  count: number;
  /** Where its spaces are listed. */
  href: string;
  /** What the country's shape says: its name and count, in the reader's language. */
  label: string;
}

/** Fill by how many spaces a country has: more is darker, in a few steps readable in print. */
function shade(count: number, most: number): string {
  const steps = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"];
  const step = Math.round(((count - 1) / Math.max(1, most - 1)) * (steps.length - 1));
  return steps[step] ?? steps[0] ?? "#2171b5";
}

export function WorldMap(props: { title: string; byCountry: Map<string, MapCountry> }) {
  const most = Math.max(0, ...[...props.byCountry.values()].map((c) => c.count));
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG element cannot be a fieldset
    <svg
      xmlns="http://www.w3.org/2000/svg"
      class="world-map"
      viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
      // A group, not an image: its country links stay reachable (an image's children are not).
      role="group"
      aria-labelledby="world-map-title"
    >
      <title id="world-map-title">{props.title}</title>
      <rect width={MAP_WIDTH} height={MAP_HEIGHT} fill="#f4f8fb" />
      {countryShapes().map((country) => {
        const spaces = country.code ? props.byCountry.get(country.code) : undefined;
        if (spaces == null)
          return <path d={country.path} fill="#e3e3e3" stroke="#ffffff" stroke-width="0.5" />;
        return (
          <a href={spaces.href} data-country={country.code}>
            <path
              d={country.path}
              fill={shade(spaces.count, most)}
              stroke="#ffffff"
              stroke-width="0.5"
            >
              <title>{spaces.label}</title>
            </path>
          </a>
        );
      })}
    </svg>
  );
}
