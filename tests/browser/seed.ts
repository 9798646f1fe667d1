/**
 * An instance with something on every page, for the page checks and the screenshots: a space
 * with an owner (ana, an operator) and an editor (kofi), and one post of each kind, a reply, a
 * like, an open invitation and a follow request.
 */
import { createInvitation } from "../../server/invitations/invitations.ts";
import { createPerson, findPersonByHandle, NewPersonInput } from "../../server/people/people.ts";
import { foundSpace } from "../../server/spaces/founding.ts";
import { changeRole } from "../../server/spaces/roles.ts";
import { findSpaceByHandle, NewSpaceInput, updateSpace } from "../../server/spaces/spaces.ts";
import { as, setUp } from "../helpers/driver.ts";
import type { HarnessInstance } from "../helpers/federation-harness.ts";

export const PASSWORD = "correct horse battery";

export async function seed(alpha: HarnessInstance) {
  const { db } = alpha.deps;
  await setUp(alpha, "wmke", "ana");
  const space = await findSpaceByHandle(db, "wmke");
  if (space == null) throw new Error("no space");
  await updateSpace(db, space, {
    name: { en: "Wikimedia Kenya", fr: "Wikimédia Kenya", ar: "ويكيميديا كينيا" },
    summary: {
      en: "Volunteers who write, photograph and teach about Kenya on the wikis.",
      ar: "متطوعون يكتبون ويصوّرون ويعلّمون عن كينيا في الويكي.",
    },
    languages: ["en", "sw", "fr"],
    regions: ["KE", "KE-30"],
    themes: ["education", "photography"],
    website: "https://wikimedia.or.ke",
  });
  await createPerson(
    db,
    NewPersonInput.parse({
      handle: "kofi",
      email: "kofi@example.org",
      password: PASSWORD,
      displayName: "Kofi Mensah",
    }),
  );
  await changeRole(db, "wmke", "kofi", "editor");
  // A hub whose member spaces, engagement and archive have pages of their own.
  const hub = await foundSpace(
    db,
    NewSpaceInput.parse({
      handle: "eahub",
      kind: "hub",
      focus: "regional",
      name: { en: "East Africa Hub" },
      regions: ["KE", "TZ", "UG"],
    }),
    "ana",
  );
  if (!hub.ok) throw new Error(hub.reason);
  const wmke = as(alpha, "wmke");
  const lesson = await wmke.publish({
    kind: "lesson",
    title: { en: "Weekday edit-a-thons failed", fr: "Les edit-a-thons en semaine ont échoué" },
    content: { en: "Notes from **three** cities.", fr: "Notes de **trois** villes." },
    details: {
      kind: "lesson",
      lessonKind: "failure",
      context: { en: "Exams in all three cities", fr: "Examens dans les trois villes" },
      outcome: { en: "Few came; we moved to Saturdays." },
      themes: ["outreach"],
      regions: ["KE-30"],
    },
  });
  const event = await wmke.publish({
    kind: "event",
    title: { en: "Regional call" },
    content: { en: "Bring your questions about the photo contest." },
    details: {
      kind: "event",
      startTime: "2030-01-15T11:00:00Z",
      endTime: "2030-01-15T13:00:00Z",
      timeZone: "Africa/Nairobi",
      onlineUrl: "https://meet.example.org/call",
      capacity: 40,
    },
  });
  const proposal = await wmke.publish({
    kind: "proposal",
    title: { en: "Host the 2030 regional meeting in Nairobi?" },
    content: { en: "The board proposes Nairobi; vote by the end of the month." },
    details: {
      kind: "proposal",
      options: [{ en: "Yes" }, { en: "No" }],
      endTime: "2030-01-31T12:00:00Z",
    },
  });
  const offer = await wmke.publish({
    kind: "offer",
    title: { en: "Swahili translators for your campaign" },
    content: { en: "Five volunteers, evenings and weekends." },
    details: { kind: "offer", category: "translation", languages: ["sw"], online: true },
  });
  await as(alpha, "ana").publish({
    content: { en: "Thank you all for a great year! #wikimedia" },
  });
  await as(alpha, "kofi").publish({
    content: { en: "Count me in for the call." },
    inReplyToIri: event.iri,
  });
  await as(alpha, "kofi").react(lesson.iri, "like");
  const ana = await findPersonByHandle(db, "ana");
  if (ana == null) throw new Error("no ana");
  await createInvitation(db, { space: { id: space.id, role: "editor" }, invitedBy: ana.id });
  return { lesson, event, proposal, offer };
}
