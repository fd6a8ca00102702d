import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds dist/ from the current src/ once per run: the CLI tests spawn dist/cli/main.js.
    globalSetup: ["test/setup/build-cli.ts"],
    hookTimeout: 120_000,
  },
});
