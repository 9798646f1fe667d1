/** Rows as aligned columns under a header, the way `docker ps` or `kubectl get` print them. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** A timestamp to the minute, in UTC, so output does not depend on the server's time zone. */
export function formatTime(date: Date | null | undefined): string {
  return date == null ? "never" : `${date.toISOString().slice(0, 16).replace("T", " ")}Z`;
}
