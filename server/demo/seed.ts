/**
 * A little of everything, in several languages, for the demo network: spaces that follow each
 * other across instances, affiliates that are members of the hub, each kind of content, and a reply, a like, an RSVP, votes and a match
 * between an offer and a need — all through the same actions people use, so it federates.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Context } from "@fedify/fedify";
import type { Post } from "../../db/schema.ts";
import { rsvpAs, voteAs } from "../../federation/actions/answer.ts";
import { follow } from "../../federation/actions/follow.ts";
import { answerJoinRequest, joinHub } from "../../federation/actions/membership.ts";
import { publishPost } from "../../federation/actions/publish.ts";
import { setReaction } from "../../federation/actions/react.ts";
import { localActorIri } from "../actors/local-iris.ts";
import type { Deps } from "../deps.ts";
import { findFollow } from "../follows/follows.ts";
import { findMembership } from "../membership/memberships.ts";
import { createPerson, NewPersonInput } from "../people/people.ts";
import { findPostByIri, PostInput } from "../posts/posts.ts";
import { isSetUp } from "../setup/setup.ts";
import { foundSpace } from "../spaces/founding.ts";
import { NewSpaceInput } from "../spaces/spaces.ts";
import type { DemoInstance } from "./network.ts";

type Site = DemoInstance & { ctx: Context<Deps> };

/** The one password of the demo's three accounts, made once and kept in DATA_DIR/demo. */
export async function demoPassword(folder: string): Promise<string> {
  const file = join(folder, "password");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const password = `demo-${randomBytes(9).toString("base64url")}`;
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Seeds the network unless it already is; returns whether it did. */
export async function seedDemo(instances: DemoInstance[], password: string): Promise<boolean> {
  const sites = instances.map((instance) => ({
    ...instance,
    ctx: instance.running.federation.createContext(new URL(instance.origin), instance.running.deps),
  }));
  const [hub, kenya, ivoire] = sites as [Site, Site, Site];
  if (await isSetUp(hub.running.deps.db)) return false;
  for (const site of sites) await createSpaceAndOwner(site, password);

  // Affiliates follow the hub and the hub follows them; each owner follows their own space.
  const handleOf = (site: Site) => `@${site.site.space.handle}@${new URL(site.origin).host}`;
  for (const [from, to] of [
    [kenya, hub],
    [ivoire, hub],
    [hub, kenya],
    [hub, ivoire],
  ] as const)
    await follow(from.ctx, from.site.space.handle, handleOf(to));
  for (const site of sites) await follow(site.ctx, site.site.owner.handle, handleOf(site));
  for (const [from, to] of [
    [kenya, hub],
    [ivoire, hub],
    [hub, kenya],
    [hub, ivoire],
  ] as const)
    await until(`${from.site.name} following ${to.site.name}`, async () => {
      const row = await findFollow(
        from.running.deps.db,
        localActorIri(from.origin, from.site.space.handle),
        localActorIri(to.origin, to.site.space.handle),
      );
      return row?.state === "accepted";
    });

  await joinTheHub(hub, [kenya, ivoire]);
  const posts = await publishContent(hub, kenya, ivoire);
  await interact(posts, kenya, ivoire);
  return true;
}

/** The affiliates ask to join the hub, whose owner accepts them: one vote each on its proposals. */
async function joinTheHub(hub: Site, affiliates: Site[]) {
  const hubIri = localActorIri(hub.origin, hub.site.space.handle);
  for (const site of affiliates) await joinHub(site.ctx, site.site.space.handle, hubIri);
  for (const site of affiliates) {
    const memberIri = localActorIri(site.origin, site.site.space.handle);
    await until(`${site.site.name} asking to join ${hub.site.name}`, async () => {
      const asked = await findMembership(hub.running.deps.db, memberIri, hubIri);
      return asked != null;
    });
    await answerJoinRequest(hub.ctx, hub.site.space.handle, memberIri, "accept");
    await until(`${site.site.name} member of ${hub.site.name}`, async () => {
      const membership = await findMembership(site.running.deps.db, memberIri, hubIri);
      return membership?.state === "accepted";
    });
  }
}

async function createSpaceAndOwner(site: Site, password: string) {
  const { db } = site.running.deps;
  const { owner, space } = site.site;
  const person = await db.transaction((tx) =>
    createPerson(
      tx,
      NewPersonInput.parse({
        handle: owner.handle,
        email: owner.email,
        displayName: owner.displayName,
        password,
        preferredLanguage: owner.language,
        instanceRole: "admin",
      }),
    ),
  );
  if (!person.ok) throw new Error(`demo: ${owner.handle}: ${person.reason}`);
  const founded = await foundSpace(db, NewSpaceInput.parse(space), owner.handle);
  if (!founded.ok) throw new Error(`demo: ${space.handle}: ${founded.reason}`);
}

const publish = (site: Site, input: PostInput) =>
  publishPost(site.ctx, site.site.space.handle, PostInput.parse(input));

const inDays = (days: number, hour = 14) => {
  const day = new Date(Date.now() + days * 86_400_000);
  day.setUTCHours(hour - 3, 0, 0, 0);
  return day.toISOString();
};

async function publishContent(hub: Site, kenya: Site, ivoire: Site) {
  const announcement = await publish(hub, {
    defaultLanguage: "en",
    content: {
      en: "Welcome to the East Africa Hub! Share your lessons, offers and needs here. #hubs",
      sw: "Karibu Kitovu cha Afrika Mashariki! Shirikisha mafunzo, ofa na mahitaji yenu hapa. #hubs",
      fr: "Bienvenue au hub d'Afrique de l'Est ! Partagez ici vos leçons, offres et besoins. #hubs",
    },
  });
  const proposal = await publish(hub, {
    kind: "proposal",
    defaultLanguage: "en",
    title: {
      en: "Where should the 2027 regional meetup be?",
      sw: "Mkutano wa kanda wa 2027 ufanyike wapi?",
      fr: "Où organiser la rencontre régionale de 2027 ?",
    },
    content: { en: "One vote per member space, large or small." },
    details: {
      choice: "single",
      votingMode: "space",
      options: [
        { en: "Nairobi", sw: "Nairobi", fr: "Nairobi" },
        { en: "Abidjan", sw: "Abidjan", fr: "Abidjan" },
        { en: "Kampala", sw: "Kampala", fr: "Kampala" },
      ],
      endTime: inDays(14),
    },
  });
  const call = await publish(hub, {
    kind: "event",
    defaultLanguage: "en",
    title: {
      en: "Monthly hub call",
      sw: "Simu ya kila mwezi ya kitovu",
      fr: "Appel mensuel du hub",
    },
    content: { en: "Updates from every member space, then open questions." },
    details: {
      startTime: inDays(7, 15),
      endTime: inDays(7, 16),
      timeZone: "Africa/Nairobi",
      onlineUrl: "https://meet.example.org/eahub",
      capacity: 50,
    },
  });
  await publish(kenya, {
    kind: "lesson",
    defaultLanguage: "sw",
    title: {
      sw: "Edit-a-thon siku za kazi hufikia wanafunzi zaidi",
      en: "Weekday edit-a-thons reach more students",
    },
    content: { en: "We moved our edit-a-thons from Saturday to Wednesday afternoon." },
    details: {
      lessonKind: "best-practice",
      context: { en: "University partners in Nairobi", sw: "Vyuo vikuu washirika Nairobi" },
      whatHappened: { en: "Attendance doubled once sessions fitted the class timetable." },
      outcome: { en: "40 new editors in one term." },
      recommendations: { en: "Ask the lecturers for a free slot before choosing a day." },
      themes: ["education"],
      regions: ["KE"],
    },
  });
  await publish(kenya, {
    kind: "offer",
    defaultLanguage: "sw",
    title: { sw: "Msaada wa kutafsiri kwa Kiswahili", en: "Help translating into Swahili" },
    content: { en: "Three volunteers can translate guides and slides into Swahili." },
    details: { category: "translation", languages: ["sw", "en"], online: true, capacity: 3 },
  });
  await publish(ivoire, {
    kind: "need",
    defaultLanguage: "fr",
    title: {
      fr: "Traduire notre guide de formation en swahili",
      en: "Translate our training guide into Swahili",
    },
    content: { fr: "Un guide de 20 pages pour les nouveaux contributeurs." },
    details: { category: "translation", languages: ["sw", "fr"], online: true },
  });
  await publish(ivoire, {
    kind: "event",
    defaultLanguage: "fr",
    title: { fr: "Atelier Wikidata à Abidjan", en: "Wikidata workshop in Abidjan" },
    content: { fr: "Une journée pour apprendre à contribuer à Wikidata." },
    details: {
      startTime: inDays(10, 12),
      endTime: inDays(10, 17),
      timeZone: "Africa/Abidjan",
      place: { name: "Université Félix Houphouët-Boigny", address: "Abidjan, Cocody" },
      capacity: 30,
    },
  });
  return { announcement, proposal, call };
}

async function interact(
  posts: { announcement: Post; proposal: Post; call: Post },
  kenya: Site,
  ivoire: Site,
) {
  const copyAt = (site: Site, post: Post) =>
    until(`${post.iri} on ${site.site.name}`, () => findPostByIri(site.running.deps.db, post.iri));
  const [announcementAtKenya, announcementAtIvoire] = [
    await copyAt(kenya, posts.announcement),
    await copyAt(ivoire, posts.announcement),
  ];
  await publish(kenya, {
    defaultLanguage: "sw",
    content: { sw: "Asante! Tutashiriki somo letu la edit-a-thon wiki hii." },
    inReplyToIri: announcementAtKenya.iri,
  });
  await setReaction(ivoire.ctx, ivoire.site.space.handle, announcementAtIvoire, "like", true);
  await rsvpAs(kenya.ctx, kenya.site.owner.handle, await copyAt(kenya, posts.call), "going");
  await voteAs(kenya.ctx, "kenya", await copyAt(kenya, posts.proposal), [0], "wanjiru");
  await voteAs(ivoire.ctx, "ivoire", await copyAt(ivoire, posts.proposal), [1], "kouadio");
}

/** Polls `check` until it gives a value (federation goes through queues); fails after a minute. */
async function until<T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`demo: ${what} did not happen within a minute`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
