import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("spaces_focus_only_for_hubs", sql`${t.kind} = 'hub' OR ${t.focus} IS NULL`)],
);
export type Space = typeof spaces.$inferSelect;
export type NewSpace = typeof spaces.$inferInsert;

/** A local account: signs in to the web UI and the API; federated as a Person actor. */
export const people = pgTable("people", {
  id: uuid("id").primaryKey().defaultRandom(),
  handle: text("handle").notNull().unique(),
  email: text("email").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  preferredLanguage: text("preferred_language").notNull().default("en"),
  isOperator: boolean("is_operator").notNull().default(false),
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
