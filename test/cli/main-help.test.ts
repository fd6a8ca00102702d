// `ppl --help` lists every command from src/cli/command-descriptions.ts without
// loading the command modules; each command's own --help is built by its
// module. These tests check both show each command's one description.
import { describe, expect, it } from "vitest";
import { DESCRIPTIONS } from "../../src/cli/command-descriptions.js";
import { SPAWN_TIMEOUT, ppl } from "./run-cli.js";

const squash = (text: string) => text.replace(/\s+/g, " ").trim();

/** The command names, as `ppl --help` lists them. */
function tableNames(): string[] {
  return Object.keys(DESCRIPTIONS);
}

/** The description paragraph of `ppl NAME --help` (the one after the usage line). */
function ownDescription(name: string): string {
  const help = ppl([name, "--help"]);
  expect(help.status).toBe(0);
  return squash(help.stdout.split(/\n\s*\n/)[1] ?? "");
}

describe("ppl --help", () => {
  it(
    "lists every command with the description its own --help gives",
    () => {
      const overview = ppl(["--help"]);
      expect(overview.status).toBe(0);
      const listing = squash(overview.stdout.slice(overview.stdout.indexOf("Commands:")));
      const names = tableNames();
      expect(names).toEqual(expect.arrayContaining(["check", "test", "fmt", "compile", "run", "explain", "schema"]));
      for (const name of names) {
        const description = ownDescription(name);
        expect(description.length).toBeGreaterThan(10);
        expect(listing).toContain(`${name} ${description}`);
      }
    },
    SPAWN_TIMEOUT * 4,
  );

  it(
    "`ppl help NAME` shows the command's own help, and an unknown command is misuse with a suggestion",
    () => {
      const help = ppl(["help", "run"]);
      expect(help.status).toBe(0);
      expect(help.stdout).toContain("--data <file>");
      const unknown = ppl(["rn"]);
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain("Did you mean run?");
    },
    SPAWN_TIMEOUT,
  );
});
