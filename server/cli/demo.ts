import { join } from "node:path";
import { z } from "zod";
import { type Command, parseOptions } from "./options.ts";

const Options = z.object({
  port: z.coerce
    .number({ error: "must be a port number" })
    .int()
    .min(1024, { error: "must be 1024 or more" })
    .max(65533, { error: "must leave room for three ports" })
    .default(4431),
  fresh: z.boolean().default(false),
});

export const demoCommand: Command = {
  summary: "Run three federating instances on this machine, to try Hubnet in a browser",
  help: `Usage: npm run hubnet -- demo [--port 4431] [--fresh]

Starts a local network of three instances, each with its own database, federating over real
HTTPS: a regional hub and two affiliates writing in Swahili, French and English, seeded with a
little of every kind of content. Open the links it prints; Ctrl-C stops all three. Their data
stays in DATA_DIR/demo for the next run.

Browsers reach every *.localhost name on this machine. The certificates come from a certificate
authority made for the demo (DATA_DIR/demo/ca.pem): trust it in your browser once, or accept the
warning of each site.

Options:
  --port PORT   the first of three ports (default 4431: 4431, 4432, 4433)
  --fresh       start again from empty databases`,
  async run(args, config) {
    const options = parseOptions(args, ["port"], Options, ["fresh"]);
    // Loaded here: Fedify and the runtime take a second to load, and no other command needs them.
    const [{ startDemoNetwork }, { demoPassword, seedDemo }] = await Promise.all([
      import("../demo/network.ts"),
      import("../demo/seed.ts"),
    ]);
    const network = await startDemoNetwork(config, { basePort: options.port, ...options });
    const stopped = new Promise<void>((resolve) => {
      const stop = () => {
        console.log("\nStopping the demo network…");
        network.stop().then(resolve, resolve);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    try {
      const password = await demoPassword(join(config.DATA_DIR, "demo"));
      const seeded = await seedDemo(network.instances, password);
      console.log(seeded ? "\nSeeded the demo network." : "\nThe demo network is back.");
    } catch (error) {
      await network.stop();
      throw error;
    }
    const password = await demoPassword(join(config.DATA_DIR, "demo"));
    const lines = network.instances.map(
      ({ site, origin }) =>
        `  ${`${origin}/@${site.space.handle}`.padEnd(42)} ${site.space.name[site.space.defaultLanguage ?? "en"]} — sign in as ${site.owner.handle}`,
    );
    console.log(`
Three Hubnet instances federate on this machine:

${lines.join("\n")}

Password of all three accounts: ${password}

Your browser warns about the certificates until it trusts the demo's certificate authority,
${network.caFile}
(Chrome, Edge: Settings → Privacy and security → Security → Manage certificates → Authorities →
Import; Firefox: Settings → Privacy & Security → Certificates → View Certificates → Authorities →
Import). Or accept the warning once on each of the three sites.

Follow a space of one instance from another (@eahub@hub.localhost:${options.port}), publish, reply,
vote: everything travels between the three as it would between servers on the internet.
Ctrl-C stops all three.`);
    await stopped;
    return 0;
  },
};
