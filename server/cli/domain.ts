import { z } from "zod";
import { domainBlockLevel } from "../../db/schema.ts";
import {
  blockActor,
  blockDomain,
  isAllowlistMode,
  listAllowedDomains,
  listBlockedActors,
  listDomainBlocks,
  setAllowlistMode,
  setDomainAllowed,
  unblockActor,
  unblockDomain,
} from "../moderation/domain-policy.ts";
import { DomainSchema } from "../moderation/domains.ts";
import { withDatabase } from "./database.ts";
import { commandGroup } from "./group.ts";
import { type Command, parseOptions, UsageError } from "./options.ts";
import { formatTable, formatTime } from "./table.ts";

/** Changes from the command line are logged as the instance's, by nobody in particular. */
const OPERATOR = { personId: null };
const Reason = z.string().trim().max(500).default("");
const LEVELS = domainBlockLevel.enumValues;

const block: Command = {
  summary: "Block a domain (and its subdomains): suspend, silence or reject-media",
  help: `Usage: npm run hubnet -- domain block --domain DOMAIN --level LEVEL [--reason TEXT]

Blocks a server on this instance, recorded in the open moderation log with the reason:
  suspend       nothing is accepted from it, fetched from it, delivered to it or served to it,
                and everything stored from it is deleted (posts, reactions, follows, votes,
                answers, its actors)
  silence       its actors and posts stay out of public lists, the directory and search
  reject-media  no avatars or media from it are kept

Options:
  --domain DOMAIN   the domain, e.g. spam.example (covers its subdomains)
  --level LEVEL     suspend, silence or reject-media
  --reason TEXT     why, shown publicly on the policy page and in the log`,
  async run(args, config) {
    const input = parseOptions(
      args,
      ["domain", "level", "reason"],
      z.object({
        domain: DomainSchema,
        level: z.enum(LEVELS, { error: `must be one of ${LEVELS.join(", ")}` }),
        reason: Reason,
      }),
    );
    if (input.domain === new URL(config.ORIGIN).hostname)
      throw new UsageError("This instance's own domain cannot be blocked.");
    return withDatabase(config, async ({ db }) => {
      const { purged } = await blockDomain(db, input, OPERATOR);
      console.log(`Blocked ${input.domain} (${input.level}).`);
      if (purged)
        console.log(
          `Deleted what was stored from it: ${purged.posts} posts, ${purged.reactions} reactions, ` +
            `${purged.follows} follows, ${purged.votes} votes, ${purged.rsvps} answers, ${purged.actors} actors.`,
        );
      return 0;
    });
  },
};

const unblock: Command = {
  summary: "Lift a domain's block",
  help: `Usage: npm run hubnet -- domain unblock --domain DOMAIN [--reason TEXT]

Lifts the block; what a suspension deleted stays deleted.`,
  async run(args, config) {
    const { domain, reason } = parseOptions(
      args,
      ["domain", "reason"],
      z.object({ domain: DomainSchema, reason: Reason }),
    );
    return withDatabase(config, async ({ db }) => {
      if (!(await unblockDomain(db, domain, reason, OPERATOR))) {
        console.error(`${domain} is not blocked.`);
        return 1;
      }
      console.log(`Lifted the block of ${domain}.`);
      return 0;
    });
  },
};

const list: Command = {
  summary: "List blocked domains and actors, and the allowlist",
  help: `Usage: npm run hubnet -- domain list

Shows the federation policy: each blocked domain with its level, reason and date, blocked
actors, and whether allowlist mode is on with the domains it allows.`,
  async run(args, config) {
    if (args.length > 0)
      throw new UsageError(`domain list takes no options (got ${args.join(" ")}).`);
    return withDatabase(config, async ({ db }) => {
      const [blocks, allowlist, allowed, actors] = await Promise.all([
        listDomainBlocks(db),
        isAllowlistMode(db),
        listAllowedDomains(db),
        listBlockedActors(db),
      ]);
      console.log(
        blocks.length === 0
          ? "No domain is blocked."
          : formatTable(
              ["DOMAIN", "LEVEL", "SINCE", "REASON"],
              blocks.map((b) => [b.domain, b.level, formatTime(b.updatedAt), b.reason]),
            ),
      );
      if (actors.length > 0)
        console.log(
          `\n${formatTable(
            ["BLOCKED ACTOR", "REASON"],
            actors.map((a) => [a.actorIri, a.reason]),
          )}`,
        );
      console.log(
        allowlist
          ? `\nAllowlist mode is on: only ${allowed.length === 0 ? "(no domain yet)" : allowed.join(", ")} federate.`
          : `\nAllowlist mode is off${allowed.length > 0 ? ` (listed: ${allowed.join(", ")})` : ""}.`,
      );
      return 0;
    });
  },
};

const allowChange = (allowed: boolean): Command => ({
  summary: allowed ? "Add a domain to the allowlist" : "Take a domain off the allowlist",
  help: `Usage: npm run hubnet -- domain ${allowed ? "allow" : "disallow"} --domain DOMAIN [--reason TEXT]

${allowed ? "Adds a domain (and its subdomains) to" : "Removes a domain from"} the allowlist, which counts in allowlist mode.`,
  async run(args, config) {
    const { domain, reason } = parseOptions(
      args,
      ["domain", "reason"],
      z.object({ domain: DomainSchema, reason: Reason }),
    );
    return withDatabase(config, async ({ db }) => {
      const changed = await setDomainAllowed(db, domain, allowed, reason, OPERATOR);
      console.log(
        changed
          ? `${domain} is ${allowed ? "now on" : "no longer on"} the allowlist.`
          : `${domain} was ${allowed ? "already on" : "not on"} the allowlist.`,
      );
      return 0;
    });
  },
});

const allowlist: Command = {
  summary: "Turn allowlist mode on or off",
  help: `Usage: npm run hubnet -- domain allowlist --on|--off [--reason TEXT]

In allowlist mode this instance federates only with the domains on its allowlist (\`domain
allow\`): for a hub that starts closed.`,
  async run(args, config) {
    const { on, off, reason } = parseOptions(
      args,
      ["reason"],
      z.object({ on: z.boolean().default(false), off: z.boolean().default(false), reason: Reason }),
      ["on", "off"],
    );
    if (on === off) throw new UsageError("Give either --on or --off.");
    return withDatabase(config, async ({ db }) => {
      const changed = await setAllowlistMode(db, on, reason, OPERATOR);
      console.log(`Allowlist mode is ${changed ? "now" : "already"} ${on ? "on" : "off"}.`);
      return 0;
    });
  },
};

const Actor = z.url({ protocol: /^https?$/, error: "must be the actor's https:// URL" });

const blockActorCommand: Command = {
  summary: "Block one remote actor on this instance",
  help: `Usage: npm run hubnet -- domain block-actor --actor URL [--reason TEXT]

Refuses everything from one actor of another server and deletes what was stored of it.`,
  async run(args, config) {
    const { actor, reason } = parseOptions(
      args,
      ["actor", "reason"],
      z.object({ actor: Actor, reason: Reason }),
    );
    if (new URL(actor).origin === config.ORIGIN)
      throw new UsageError("Accounts of this instance are suspended with `user suspend`.");
    return withDatabase(config, async ({ db }) => {
      const purged = await blockActor(db, actor, reason, OPERATOR);
      console.log(`Blocked ${actor}; deleted ${purged.posts} posts and ${purged.follows} follows.`);
      return 0;
    });
  },
};

const unblockActorCommand: Command = {
  summary: "Lift a remote actor's block",
  help: `Usage: npm run hubnet -- domain unblock-actor --actor URL [--reason TEXT]`,
  async run(args, config) {
    const { actor, reason } = parseOptions(
      args,
      ["actor", "reason"],
      z.object({ actor: Actor, reason: Reason }),
    );
    return withDatabase(config, async ({ db }) => {
      if (!(await unblockActor(db, actor, reason, OPERATOR))) {
        console.error(`${actor} is not blocked.`);
        return 1;
      }
      console.log(`Lifted the block of ${actor}.`);
      return 0;
    });
  },
};

export const domainCommand = commandGroup(
  "domain",
  "The federation policy: blocks and the allowlist",
  {
    block,
    unblock,
    list,
    allow: allowChange(true),
    disallow: allowChange(false),
    allowlist,
    "block-actor": blockActorCommand,
    "unblock-actor": unblockActorCommand,
  },
);
