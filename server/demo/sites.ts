import type { NewSpaceInput } from "../spaces/spaces.ts";

/** One instance of the demo network: a space and its owner, on https://<name>.localhost:<port>. */
export interface DemoSite {
  name: string;
  space: NewSpaceInput;
  owner: { handle: string; displayName: string; email: string; language: string };
}

/**
 * A regional hub and two affiliates in other languages: what a newcomer needs to see the network
 * work across languages. Browsers resolve every *.localhost name to this machine.
 */
export const DEMO_SITES: DemoSite[] = [
  {
    name: "hub",
    space: {
      handle: "eahub",
      kind: "hub",
      focus: "regional",
      defaultLanguage: "en",
      name: { en: "East Africa Hub", sw: "Kitovu cha Afrika Mashariki" },
      summary: {
        en: "Connects the affiliates and user groups of East Africa.",
        sw: "Inaunganisha vikundi vya Afrika Mashariki.",
      },
      regions: ["KE", "TZ", "UG", "RW", "CI"],
      languages: ["en", "sw", "fr"],
      themes: ["education", "gender-gap"],
    },
    owner: {
      handle: "amina",
      displayName: "Amina Mwangi",
      email: "amina@hub.localhost",
      language: "en",
    },
  },
  {
    name: "kenya",
    space: {
      handle: "kenya",
      kind: "affiliate",
      defaultLanguage: "sw",
      name: { sw: "Wikimedia Kenya", en: "Wikimedia Kenya" },
      summary: { sw: "Wahariri wa kujitolea nchini Kenya.", en: "Volunteer editors in Kenya." },
      regions: ["KE"],
      languages: ["sw", "en"],
      themes: ["education"],
    },
    owner: {
      handle: "wanjiru",
      displayName: "Wanjiru Kamau",
      email: "wanjiru@kenya.localhost",
      language: "sw",
    },
  },
  {
    name: "ivoire",
    space: {
      handle: "ivoire",
      kind: "affiliate",
      defaultLanguage: "fr",
      name: { fr: "Wikimédia Côte d'Ivoire", en: "Wikimedia Côte d'Ivoire" },
      summary: {
        fr: "Contributeurs bénévoles en Côte d'Ivoire.",
        en: "Volunteer contributors in Côte d'Ivoire.",
      },
      regions: ["CI"],
      languages: ["fr", "en"],
      themes: ["gender-gap"],
    },
    owner: {
      handle: "kouadio",
      displayName: "Kouadio Yao",
      email: "kouadio@ivoire.localhost",
      language: "fr",
    },
  },
];
