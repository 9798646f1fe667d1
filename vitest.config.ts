import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    // Generous: the suite must pass on a loaded 2-core machine, where a federation story that
    // takes 5 s alone can take ten times as long. A hang still fails, only later.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    expect: { requireAssertions: true },
  },
});
