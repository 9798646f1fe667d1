import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { ContentDetails } from "../server/content/details.ts";

/** A text in several languages: BCP 47 tag → value. The space's or post's default language picks the plain value. */
export type LanguageMap = Record<string, string>;

/** Instance-wide settings and one-time secrets (such as the setup token's hash), one row per key. */
export const instanceSettings = pgTable("instance_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type InstanceSetting = typeof instanceSettings.$inferSelect;

export const spaceKind = pgEnum("space_kind", ["affiliate", "hub"]);
export const hubFocus = pgEnum("hub_focus", ["regional", "language", "thematic"]);
/** How a hub answers requests to join it: at once, or when one of its admins decides. */
export const membershipApproval = pgEnum("membership_approval", ["automatic", "manual"]);
export type MembershipApproval = (typeof membershipApproval.enumValues)[number];

/** An affiliate or a hub hosted on this instance; federated as a Group actor. */
export const spaces = pgTable(
  "spaces",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    handle: text("handle").notNull().unique(),
    kind: spaceKind("kind").notNull().default("affiliate"),
    focus: hubFocus("focus"),
    defaultLanguage: text("default_language").notNull().default("en"),
    name: jsonb("name").$type<LanguageMap>().notNull(),
    summary: jsonb("summary").$type<LanguageMap>().notNull().default({}),
    regions: text("regions").array().notNull().default(sql`'{}'::text[]`),
    languages: text("languages").array().notNull().default(sql`'{}'::text[]`),
    themes: text("themes").array().notNull().default(sql`'{}'::text[]`),
    website: text("website"),
    iconUrl: text("icon_url"),
    manuallyApprovesFollowers: boolean("manually_approves_followers").notNull().default(false),
    /** For hubs: whether requests to join are accepted at once or by an admin. */
    membershipApproval: membershipApproval("membership_approval").notNull().default("manual"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("spaces_focus_only_for_hubs", sql`${t.kind} = 'hub' OR ${t.focus} IS NULL`)],
);
export type Space = typeof spaces.$inferSelect;
export type NewSpace = typeof spaces.$inferInsert;

/** What a person may do on the whole instance, apart from any space (server/people/instance-roles.ts). */
export const instanceRole = pgEnum("instance_role", ["admin", "moderator"]);
export type InstanceRole = (typeof instanceRole.enumValues)[number];

/** A local account: signs in to the web UI and the API; federated as a Person actor. */
export const people = pgTable("people", {
  id: uuid("id").primaryKey().defaultRandom(),
  handle: text("handle").notNull().unique(),
  email: text("email").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  preferredLanguage: text("preferred_language").notNull().default("en"),
  /** The IANA zone the person reads times in, if they chose one; pages otherwise add UTC. */
  timeZone: text("time_zone"),
  /** Admins run the instance; moderators handle reports, blocks and suspensions; most have neither. */
  instanceRole: instanceRole("instance_role"),
  /** A suspended account cannot sign in, and its actor answers 410 Gone. */
  suspendedAt: timestamp("suspended_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type Person = typeof people.$inferSelect;
export type NewPerson = typeof people.$inferInsert;

export const spaceRole = pgEnum("space_role", ["owner", "admin", "editor", "member"]);
export type SpaceRole = (typeof spaceRole.enumValues)[number];

/** What a person may do in a space. */
export const spaceRoles = pgTable(
  "space_roles",
  {
    spaceId: uuid("space_id")
      .notNull()
      .references(() => spaces.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    role: spaceRole("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.spaceId, t.personId] }), index().on(t.personId)],
);
export type SpaceRoleRow = typeof spaceRoles.$inferSelect;

export const keyAlgorithm = pgEnum("key_algorithm", ["RSASSA-PKCS1-v1_5", "Ed25519"]);

/**
 * Signing keys of local actors, by actor identifier (a space's or person's handle, or the
 * instance actor's identifier). Handles never change, so the identifier is a stable owner.
 */
export const keyPairs = pgTable(
  "key_pairs",
  {
    actorIdentifier: text("actor_identifier").notNull(),
    algorithm: keyAlgorithm("algorithm").notNull(),
    publicKey: jsonb("public_key").$type<JsonWebKey>().notNull(),
    privateKey: jsonb("private_key").$type<JsonWebKey>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.actorIdentifier, t.algorithm] })],
);
export type KeyPairRow = typeof keyPairs.$inferSelect;

/** Signed-in browser sessions; the cookie holds a random token, the table only its hash. */
export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.personId)],
);
export type Session = typeof sessions.$inferSelect;

/**
 * Actors of other servers this instance has met, as last fetched. Local actors are not stored
 * here: their IRIs derive from their handles.
 */
export const remoteActors = pgTable(
  "remote_actors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    iri: text("iri").notNull().unique(),
    type: text("type").notNull(),
    handle: text("handle").notNull(),
    name: text("name"),
    summaryHtml: text("summary_html"),
    url: text("url"),
    iconUrl: text("icon_url"),
    inboxIri: text("inbox_iri").notNull(),
    sharedInboxIri: text("shared_inbox_iri"),
    followersIri: text("followers_iri"),
    manuallyApprovesFollowers: boolean("manually_approves_followers").notNull().default(false),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.handle)],
);
export type RemoteActor = typeof remoteActors.$inferSelect;
export type NewRemoteActor = typeof remoteActors.$inferInsert;

export const followState = pgEnum("follow_state", ["pending", "accepted"]);

/** Who follows whom, by actor IRI, in both directions (local → remote, remote → local, local → local). */
export const follows = pgTable(
  "follows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    followerIri: text("follower_iri").notNull(),
    followeeIri: text("followee_iri").notNull(),
    state: followState("state").notNull().default("pending"),
    /** The Follow activity's id, to match its Accept, Reject or Undo. */
    activityIri: text("activity_iri").notNull(),
    /** Milliseconds, as a page cursor keeps them (server/paging/keyset.ts). */
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex().on(t.followerIri, t.followeeIri),
    // Pages of followers and of following, newest first.
    index().on(t.followeeIri, t.state, t.createdAt, t.id),
    index().on(t.followerIri, t.state, t.createdAt, t.id),
    index().on(t.activityIri),
  ],
);
export type FollowRow = typeof follows.$inferSelect;

export const visibility = pgEnum("visibility", ["public", "unlisted", "followers", "direct"]);
export type Visibility = (typeof visibility.enumValues)[number];

export interface Mention {
  href: string;
  name: string;
}

/** Posts of local and remote authors; remote HTML is sanitized before it lands here. */
/** What a post is: hub content kinds share one table, their own fields live in `details`. */
export const postKind = pgEnum("post_kind", [
  "note",
  "article",
  "offer",
  "need",
  "lesson",
  "event",
  "proposal",
]);
export type PostKind = (typeof postKind.enumValues)[number];

export const posts = pgTable(
  "posts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    iri: text("iri").notNull().unique(),
    authorIri: text("author_iri").notNull(),
    isLocal: boolean("is_local").notNull(),
    kind: postKind("kind").notNull().default("note"),
    defaultLanguage: text("default_language").notNull().default("en"),
    /** The title (`name`), per language; announcements written as articles, offers, lessons … */
    title: jsonb("title").$type<LanguageMap>(),
    /** The body as sanitized HTML, per language. */
    contentHtml: jsonb("content_html").$type<LanguageMap>().notNull(),
    /** For local posts: the Markdown as written, per language, for editing. */
    source: jsonb("source").$type<LanguageMap>(),
    /** A summary per language: the abstract of an article, or a content warning on a sensitive note. */
    summary: jsonb("summary").$type<LanguageMap>(),
    /** The structured fields of an offer, need, lesson, event or proposal (server/content/details.ts). */
    details: jsonb("details").$type<ContentDetails>(),
    sensitive: boolean("sensitive").notNull().default(false),
    visibility: visibility("visibility").notNull(),
    inReplyToIri: text("in_reply_to_iri"),
    contextIri: text("context_iri"),
    /** The hub (a Group) the post is addressed to, as FEP-1b12's `audience` names it. */
    audienceIri: text("audience_iri"),
    url: text("url"),
    mentions: jsonb("mentions").$type<Mention[]>().notNull().default([]),
    hashtags: text("hashtags").array().notNull().default(sql`'{}'::text[]`),
    /** Milliseconds, as a page cursor keeps them (server/paging/keyset.ts). */
    publishedAt: timestamp("published_at", { withTimezone: true, precision: 3 })
      .notNull()
      .defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }),
  },
  (t) => [
    // Every list pages along (published_at, id): server/posts/lists.ts.
    index().on(t.publishedAt, t.id),
    index().on(t.authorIri, t.publishedAt, t.id),
    // The posts of followed actors a home timeline reads, one index range each, without visiting
    // the table to leave out direct posts (server/posts/lists.ts, homeTimeline).
    index("posts_author_shared_index")
      .on(t.authorIri, t.publishedAt, t.id)
      .where(sql`visibility IN ('public', 'unlisted', 'followers')`),
    index().on(t.inReplyToIri),
    index().on(t.contextIri),
    index().on(t.isLocal, t.publishedAt, t.id),
    index().on(t.kind, t.publishedAt, t.id),
    index("posts_hashtags_index").using("gin", t.hashtags),
    // Home timelines find the posts that mention someone (`mentions @> [{href}]`).
    index("posts_mentions_index").using("gin", t.mentions.op("jsonb_path_ops")),
  ],
);
export type Post = typeof posts.$inferSelect;
export type NewPost = typeof posts.$inferInsert;

/**
 * Who each post mentions, newest first per mentioned actor: kept from `posts.mentions` by a
 * trigger (migration 0017), so a home timeline reads the newest posts mentioning its reader along
 * one index, however rarely or often they are mentioned.
 */
export const postMentions = pgTable(
  "post_mentions",
  {
    href: text("href").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true, precision: 3 }).notNull(),
    postId: uuid("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.href, t.publishedAt, t.postId] }), index().on(t.postId)],
);
export type PostMention = typeof postMentions.$inferSelect;

/** Likes and boosts (Announce) of posts, by any actor. */
/**
 * Remote posts deleted (or deleted before they arrived): a later Create, Update or Announce of
 * the same IRI is ignored, whatever order deliveries come in.
 */
export const tombstones = pgTable("tombstones", {
  iri: text("iri").primaryKey(),
  /** Who deleted it: the post's author, on the post's own origin. */
  deletedBy: text("deleted_by").notNull(),
  deletedAt: timestamp("deleted_at", { withTimezone: true }).notNull().defaultNow(),
});
export type Tombstone = typeof tombstones.$inferSelect;

export const reactionKind = pgEnum("reaction_kind", ["like", "boost"]);
export const reactions = pgTable(
  "reactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: reactionKind("kind").notNull(),
    activityIri: text("activity_iri").notNull().unique(),
    actorIri: text("actor_iri").notNull(),
    postIri: text("post_iri").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.kind, t.actorIri, t.postIri),
    index().on(t.postIri, t.kind),
    // What an actor reacted to, whatever the kind (an actor gone for good loses all of them).
    index().on(t.actorIri),
  ],
);
export type Reaction = typeof reactions.$inferSelect;

/**
 * Counts per actor, kept by triggers on the counted rows (migration 0017), so a collection's
 * `totalItems` is one row read, never a count over posts or follows. Each trigger adds its rows'
 * change in one `UPDATE … SET n = n + d`, so concurrent deliveries, duplicates (refused by the
 * unique indexes before they count) and deletes keep them exact; `hubnet_recount()` rebuilds them.
 *
 * A count is the sum of a few rows (`shard`, one per group of database sessions), so that many
 * sessions counting for one actor at once (a thousand follows of one space) do not all queue on
 * one row's lock until each commits.
 */
export const actorStats = pgTable(
  "actor_stats",
  {
    actorIri: text("actor_iri").notNull(),
    shard: integer("shard").notNull(),
    /** Public and unlisted posts: what an anonymous reader of the outbox may see. */
    openPosts: integer("open_posts").notNull().default(0),
    /** Accepted follows of the actor. */
    followers: integer("followers").notNull().default(0),
    /** Accepted follows by the actor. */
    following: integer("following").notNull().default(0),
    /** Accepted members, when the actor is a hub. */
    members: integer("members").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.actorIri, t.shard] })],
);

/** Likes and boosts per post, kept by triggers on `reactions` as `actor_stats` is. */
export const postStats = pgTable(
  "post_stats",
  {
    postIri: text("post_iri").notNull(),
    shard: integer("shard").notNull(),
    likes: integer("likes").notNull().default(0),
    boosts: integer("boosts").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.postIri, t.shard] })],
);

/**
 * Fedify's work queue (outgoing deliveries, inbound processing). A worker leases a message,
 * handles it and deletes it; a message whose worker died is leased again when the lease ends.
 */
export const queueMessages = pgTable(
  "queue_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** Which of Fedify's queues: inbox, outbox or fanout, each with its own workers. */
    channel: text("channel").notNull().default("work"),
    message: jsonb("message").notNull(),
    orderingKey: text("ordering_key"),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.channel, t.runAt, t.id), index().on(t.orderingKey)],
);

export const tokenScope = pgEnum("token_scope", ["read", "write", "admin"]);
export type TokenScope = (typeof tokenScope.enumValues)[number];

/** Personal access tokens for the API; only a hash is kept, the token is shown once. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    scopes: tokenScope("scopes").array().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index().on(t.personId)],
);
export type ApiToken = typeof apiTokens.$inferSelect;

export const notificationKind = pgEnum("notification_kind", [
  "follow",
  "follow_request",
  "reply",
  "mention",
  "like",
  "boost",
  "join_request",
]);

/**
 * What concerns a local actor: someone followed it, answered or mentioned it, liked or boosted
 * its post, or (for a hub) asked to join it.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    recipientIri: text("recipient_iri").notNull(),
    kind: notificationKind("kind").notNull(),
    actorIri: text("actor_iri").notNull(),
    objectIri: text("object_iri"),
    /** Milliseconds, as a page cursor keeps them (server/paging/keyset.ts). */
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    index().on(t.recipientIri, t.createdAt, t.id),
    // Delivery is at least once: the same event never notifies twice (a follow has no object).
    unique().on(t.recipientIri, t.kind, t.actorIri, t.objectIri).nullsNotDistinct(),
  ],
);
export type Notification = typeof notifications.$inferSelect;

/** Answers to an event: `going`, `maybe` or `not_going`, from a local or remote actor. */
export const rsvpStatus = pgEnum("rsvp_status", ["going", "maybe", "not_going"]);
export type RsvpStatus = (typeof rsvpStatus.enumValues)[number];
export const rsvps = pgTable(
  "rsvps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventIri: text("event_iri").notNull(),
    actorIri: text("actor_iri").notNull(),
    status: rsvpStatus("status").notNull(),
    /** The Join, Accept, TentativeAccept or Reject that said so; repeats are ignored. */
    activityIri: text("activity_iri"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.eventIri, t.actorIri), index().on(t.eventIri, t.status)],
);
export type Rsvp = typeof rsvps.$inferSelect;

/**
 * Votes on proposals. The voter is a person, or a space in one-vote-per-space mode (then
 * `castByIri` names the admin who cast it). One row per voter and proposal, so a second vote is
 * refused by the database itself.
 */
export const votes = pgTable(
  "votes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    proposalIri: text("proposal_iri").notNull(),
    voterIri: text("voter_iri").notNull(),
    castByIri: text("cast_by_iri"),
    /** Indexes into the proposal's options. */
    choices: integer("choices").array().notNull(),
    /** The vote's own object (a Note with `name`), for idempotence and Undo. */
    activityIri: text("activity_iri").unique(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.proposalIri, t.voterIri)],
);
export type Vote = typeof votes.$inferSelect;

export const membershipState = pgEnum("membership_state", ["pending", "accepted"]);
export type MembershipState = (typeof membershipState.enumValues)[number];

/**
 * A space's membership of a hub, by actor IRI, on either side (a local space in a remote hub,
 * a remote space in a local hub, or both here): one row per pair.
 */
export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    memberIri: text("member_iri").notNull(),
    hubIri: text("hub_iri").notNull(),
    state: membershipState("state").notNull().default("pending"),
    /** The Join activity's id, to match its Accept, Reject or Undo. */
    activityIri: text("activity_iri").notNull(),
    /** Who asked: the local person acting for a local space, or the remote space itself. */
    requestedByIri: text("requested_by_iri").notNull(),
    /** Who answered: a hub admin here, or the remote hub. */
    answeredByIri: text("answered_by_iri"),
    /** Milliseconds, as a page cursor keeps them (server/paging/keyset.ts). */
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true, precision: 3 }),
    /** A suspended member stays listed but the hub relays nothing of it. */
    suspendedAt: timestamp("suspended_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    uniqueIndex().on(t.memberIri, t.hubIri),
    index().on(t.hubIri, t.state, t.createdAt, t.id),
    index().on(t.memberIri, t.state, t.createdAt, t.id),
    index().on(t.activityIri),
  ],
);
export type Membership = typeof memberships.$inferSelect;

export const membershipChange = pgEnum("membership_change", [
  "requested",
  "accepted",
  "rejected",
  "withdrawn",
  "left",
  "removed",
  "suspended",
  "reinstated",
]);
export type MembershipChange = (typeof membershipChange.enumValues)[number];

/** Every change of a membership, kept for the public archive after the membership itself ends. */
export const membershipEvents = pgTable(
  "membership_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    hubIri: text("hub_iri").notNull(),
    memberIri: text("member_iri").notNull(),
    change: membershipChange("change").notNull(),
    /** Who made the change: a person here, or the remote space that sent the activity. */
    actorIri: text("actor_iri").notNull(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index().on(t.hubIri, t.at, t.id), index().on(t.memberIri, t.at, t.id)],
);
export type MembershipEvent = typeof membershipEvents.$inferSelect;

/**
 * A post a hub passed on to its followers (FEP-1b12): relayed by a local hub, or received from
 * a remote hub followed here. A relay is not a boost: it counts as no one's interaction.
 */
export const relays = pgTable(
  "relays",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    hubIri: text("hub_iri").notNull(),
    postIri: text("post_iri").notNull(),
    activityIri: text("activity_iri").notNull().unique(),
    relayedAt: timestamp("relayed_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.hubIri, t.postIri), index().on(t.postIri)],
);
export type Relay = typeof relays.$inferSelect;

/**
 * Every space this instance has met (its own, followed, following, members, relayed authors,
 * looked up), as last refreshed from its actor and its server's NodeInfo. A space that stops
 * answering is marked unreachable, never dropped.
 */
export const directoryEntries = pgTable(
  "directory_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    iri: text("iri").notNull().unique(),
    isLocal: boolean("is_local").notNull().default(false),
    handle: text("handle").notNull(),
    /** Null for groups of other software, whose kind is not known. */
    kind: spaceKind("kind"),
    focus: hubFocus("focus"),
    defaultLanguage: text("default_language"),
    name: jsonb("name").$type<LanguageMap>().notNull().default({}),
    url: text("url"),
    iconUrl: text("icon_url"),
    regions: text("regions").array().notNull().default(sql`'{}'::text[]`),
    languages: text("languages").array().notNull().default(sql`'{}'::text[]`),
    themes: text("themes").array().notNull().default(sql`'{}'::text[]`),
    /** The server's software, from its NodeInfo (`hubnet`, `mastodon`, `lemmy` …). */
    software: text("software"),
    memberCount: integer("member_count"),
    followerCount: integer("follower_count"),
    postCount: integer("post_count"),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true, precision: 3 }),
    /** How this instance first met the space: followed, follower, member, author, lookup … */
    metVia: text("met_via").notNull(),
    metAt: timestamp("met_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** Newest activity first, spaces never seen active by when they were met. */
    activeAt: timestamp("active_at", { withTimezone: true, precision: 3 })
      .notNull()
      .generatedAlwaysAs(sql`coalesce(last_activity_at, met_at)`),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }),
    failedRefreshes: integer("failed_refreshes").notNull().default(0),
    unreachableSince: timestamp("unreachable_since", { withTimezone: true }),
  },
  (t) => [
    index().on(t.activeAt, t.id),
    index().on(t.refreshedAt),
    index("directory_entries_regions_index").using("gin", t.regions),
    index("directory_entries_languages_index").using("gin", t.languages),
    index("directory_entries_themes_index").using("gin", t.themes),
  ],
);
export type DirectoryEntry = typeof directoryEntries.$inferSelect;
export type NewDirectoryEntry = typeof directoryEntries.$inferInsert;

/**
 * The instance's federation policy by domain (a block covers the domain's subdomains too):
 * `suspend` refuses everything from it and deletes what was stored, `silence` keeps it out of
 * public lists, the directory and search, `reject-media` keeps no icons or media from it.
 */
export const domainBlockLevel = pgEnum("domain_block_level", [
  "suspend",
  "silence",
  "reject-media",
]);
export type DomainBlockLevel = (typeof domainBlockLevel.enumValues)[number];
export const domainBlocks = pgTable("domain_blocks", {
  domain: text("domain").primaryKey(),
  level: domainBlockLevel("level").notNull(),
  /** Why, in the moderators' words: public, on the policy page and in the log. */
  reason: text("reason").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type DomainBlock = typeof domainBlocks.$inferSelect;

/** The domains this instance federates with in allowlist mode (an instance setting turns it on). */
export const allowedDomains = pgTable("allowed_domains", {
  domain: text("domain").primaryKey(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Remote actors this instance refuses (a report resolved by blocking them); their content is gone. */
export const actorBlocks = pgTable("actor_blocks", {
  actorIri: text("actor_iri").primaryKey(),
  reason: text("reason").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const spaceBlockKind = pgEnum("space_block_kind", ["actor", "domain"]);
/** A space's own blocks: a remote actor or a whole domain may not follow, answer or vote there. */
export const spaceBlocks = pgTable(
  "space_blocks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    spaceId: uuid("space_id")
      .notNull()
      .references(() => spaces.id, { onDelete: "cascade" }),
    kind: spaceBlockKind("kind").notNull(),
    /** An actor's IRI or a domain. */
    target: text("target").notNull(),
    reason: text("reason").notNull().default(""),
    /** Milliseconds, as a page cursor keeps them (server/paging/keyset.ts). */
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.spaceId, t.target), index().on(t.spaceId, t.createdAt, t.id)],
);
export type SpaceBlock = typeof spaceBlocks.$inferSelect;

export const reportCategory = pgEnum("report_category", ["spam", "abuse", "illegal", "other"]);
export type ReportCategory = (typeof reportCategory.enumValues)[number];
export const reportStatus = pgEnum("report_status", ["open", "resolved"]);
export const reportAction = pgEnum("report_action", [
  "none",
  "remove-content",
  "block-actor",
  "block-domain",
]);
export type ReportAction = (typeof reportAction.enumValues)[number];

/**
 * Reports of a post or an actor, made here by someone signed in or received from another server
 * as a Flag. Who reported is seen by moderators only, never in the log nor in a forwarded Flag.
 */
export const reports = pgTable(
  "reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The local reporter; null for a report from another server (or an account since deleted). */
    reporterId: uuid("reporter_id").references(() => people.id, { onDelete: "set null" }),
    /** A report received as a Flag: the server it came from and the Flag's id (received once). */
    sourceDomain: text("source_domain"),
    flagIri: text("flag_iri").unique(),
    /** The reported actor, and the reported posts of that actor. */
    actorIri: text("actor_iri").notNull(),
    objectIris: text("object_iris").array().notNull().default(sql`'{}'::text[]`),
    category: reportCategory("category").notNull().default("other"),
    comment: text("comment").notNull().default(""),
    /** When a copy went to the reported actor's server as a Flag. */
    forwardedAt: timestamp("forwarded_at", { withTimezone: true }),
    status: reportStatus("status").notNull().default("open"),
    action: reportAction("action"),
    /** The moderators' note on the resolution, for moderators only. */
    note: text("note"),
    resolvedById: uuid("resolved_by_id").references(() => people.id, { onDelete: "set null" }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    /** Milliseconds, as a page cursor keeps them (server/paging/keyset.ts). */
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index().on(t.status, t.createdAt, t.id)],
);
export type Report = typeof reports.$inferSelect;

export const moderationAction = pgEnum("moderation_action", [
  "domain-suspended",
  "domain-silenced",
  "domain-media-rejected",
  "domain-unblocked",
  "allowlist-on",
  "allowlist-off",
  "domain-allowed",
  "domain-disallowed",
  "actor-blocked",
  "actor-unblocked",
  "content-removed",
  "report-resolved",
  "account-suspended",
  "account-unsuspended",
  "account-deleted",
  "role-granted",
  "role-revoked",
  "space-blocked",
  "space-unblocked",
]);
export type ModerationAction = (typeof moderationAction.enumValues)[number];

/**
 * The open moderation log: every moderation action, public, so members can hold the instance to
 * account. It never names a reporter.
 */
export const moderationLog = pgTable(
  "moderation_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    action: moderationAction("action").notNull(),
    /** What it applies to: a domain, an actor's or a post's IRI, or an account's handle. */
    target: text("target").notNull(),
    /** Set for a space's own action (its blocks): the space's handle. */
    space: text("space"),
    /** A detail of the action: the role granted, the action that resolved a report. */
    detail: text("detail"),
    /** Why, as the moderator wrote it (public). */
    reason: text("reason").notNull().default(""),
    /** When the action answered a report: the report's category (never who made it). */
    category: reportCategory("category"),
    /** Who acted; null from the command line (the operator of the machine). */
    byPersonId: uuid("by_person_id").references(() => people.id, { onDelete: "set null" }),
    /** Milliseconds, as a page cursor keeps them (server/paging/keyset.ts). */
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index().on(t.createdAt, t.id)],
);
export type ModerationLogEntry = typeof moderationLog.$inferSelect;
/**
 * Invitations to an account on this instance, by a link with a one-time token (only its hash is
 * kept): to a space with a role, or to the instance alone (operators). Used once; a new account or
 * a signed-in person accepts it.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    spaceId: uuid("space_id").references(() => spaces.id, { onDelete: "cascade" }),
    role: spaceRole("role"),
    invitedBy: uuid("invited_by").references(() => people.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: uuid("accepted_by").references(() => people.id, { onDelete: "set null" }),
  },
  (t) => [
    index().on(t.spaceId),
    check("invitations_role_with_space", sql`(${t.spaceId} IS NULL) = (${t.role} IS NULL)`),
  ],
);
export type Invitation = typeof invitations.$inferSelect;
