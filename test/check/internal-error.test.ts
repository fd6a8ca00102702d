// A checker stage that throws is a bug in PPL: the one wrapper in
// checkProgram reports it as an internal error naming the stage, instead of a
// stack trace, and the stages after it do not run.
import { describe, expect, it } from "vitest";
import { CHECK_STAGES, checkProgram, type CheckStage } from "../../src/check/check.js";
import { CODES } from "../../src/diagnostics/codes.js";
import { renderGithub } from "../../src/diagnostics/render-github.js";
import { renderHuman } from "../../src/diagnostics/render-human.js";
import { parse } from "../../src/syntax/parse.js";

const SOURCE =
  'program "T" { currency USD }\ninput partner_id: text key\ninput revenue: money\nkpi doubled = revenu * 2\n';

function withFailingStage(name: string, thrown: unknown): CheckStage[] {
  return CHECK_STAGES.map((stage) =>
    stage.name === name
      ? {
          name,
          run: () => {
            throw thrown;
          },
        }
      : stage,
  );
}

describe("a checker stage that throws", () => {
  it("becomes one internal-error diagnostic naming the stage", () => {
    const program = parse(SOURCE, "rules/p.ppl").program;
    const ran: string[] = [];
    const stages = withFailingStage("types", new TypeError("cannot read properties of undefined")).map((stage) =>
      stage.name === "types"
        ? stage
        : { name: stage.name, run: (ctx: Parameters<CheckStage["run"]>[0]) => (ran.push(stage.name), stage.run(ctx)) },
    );
    const result = checkProgram(program, { stages });
    const internal = result.diagnostics.filter((d) => d.code === "PPL8001");
    expect(internal).toHaveLength(1);
    expect(internal[0]).toMatchObject({
      severity: "error",
      file: "rules/p.ppl",
      range: { start: { line: 1, column: 1 } },
    });
    expect(internal[0].message).toContain(
      'the checker\'s "types" stage failed (TypeError: cannot read properties of undefined)',
    );
    expect(internal[0].message).toContain("please report it");
    // What the stages before it found is kept; the stages after it do not run.
    expect(result.diagnostics.map((d) => d.code)).toContain("PPL2003");
    expect(ran).toEqual(["declarations", "resolve"]);
    expect(renderHuman(result.diagnostics, new Map([["rules/p.ppl", SOURCE]]))).toContain(
      "error PPL8001: internal error",
    );
    expect(renderGithub(internal)).toMatch(/^::error file=rules\/p.ppl,line=1,col=1,.*title=PPL8001::internal error/);
  });

  it("reports a thrown non-Error in one line", () => {
    const program = parse(SOURCE, "p.ppl").program;
    const [internal] = checkProgram(program, {
      stages: withFailingStage("warnings", "line one\nline two"),
    }).diagnostics.filter((d) => d.code === "PPL8001");
    expect(internal.message).toContain('"warnings" stage failed (line one)');
  });

  it("is its own code, an error, left out of the golden fixtures", () => {
    expect(CODES.PPL8001).toMatchObject({ severity: "error", internal: true });
  });
});
