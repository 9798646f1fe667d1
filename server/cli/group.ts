import { type Command, UsageError } from "./options.ts";

/**
 * A command made of subcommands (`space create`, `space list`): the first argument picks one, and
 * `--help` or a usage mistake shows that subcommand's help rather than the whole group's.
 */
export function commandGroup(
  name: string,
  summary: string,
  subcommands: Record<string, Command>,
): Command {
  const width = Math.max(...Object.keys(subcommands).map((n) => n.length));
  const list = Object.entries(subcommands)
    .map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`)
    .join("\n");
  const help = `Usage: npm run hubnet -- ${name} <subcommand> [options]

${summary}.

Subcommands:
${list}

Each subcommand takes --help.`;
  const pick = (args: string[]) => (args[0] == null ? undefined : subcommands[args[0]]);
  return {
    summary,
    help,
    helpFor: (args) => pick(args)?.help ?? help,
    async run(args, config, input) {
      const [wanted, ...rest] = args;
      const subcommand = pick(args);
      if (subcommand == null)
        throw new UsageError(
          wanted == null
            ? `${name} needs a subcommand.`
            : `Unknown subcommand "${name} ${wanted}".`,
        );
      try {
        return await subcommand.run(rest, config, input);
      } catch (error) {
        if (error instanceof UsageError && error.help == null)
          throw new UsageError(error.message, subcommand.help);
        throw error;
      }
    },
  };
}
