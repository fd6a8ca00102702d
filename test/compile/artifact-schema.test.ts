import { describe, expect, it } from "vitest";
import { artifactSchema, parseArtifact, validateArtifact } from "../../src/compile/artifact-schema.js";
import { CHANNEL_PLUS, OPERATORS, loadCompiled } from "./compiled-program.js";

const channelPlus = loadCompiled(CHANNEL_PLUS, "examples/channel-plus.ppl");
const text = JSON.stringify(channelPlus, null, 2);

// Hand edits reach anywhere in the JSON, so the copy is untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EditableJson = any;

/** A hand-edited copy of the artifact. */
function edited(edit: (artifact: EditableJson) => void): unknown {
  const copy = JSON.parse(text) as EditableJson;
  edit(copy);
  return copy;
}

function errorsOf(json: unknown): string[] {
  const result = validateArtifact(json);
  if (result.ok) throw new Error("expected the artifact to be rejected");
  return result.errors;
}

describe("validateArtifact", () => {
  it("publishes a draft 2020-12 schema", () => {
    expect(artifactSchema().$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("accepts what the compiler writes", () => {
    expect(parseArtifact(text).ok).toBe(true);
    expect(validateArtifact(loadCompiled(OPERATORS)).ok).toBe(true);
  });

  it("rejects a truncated artifact with a clear message", () => {
    const errors = (parseArtifact(text.slice(0, text.length / 2)) as { errors: string[] }).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\(root\): not valid JSON \(.*\); the artifact may be truncated/);
  });

  it("names the JSON path of each hand-edited field", () => {
    const errors = errorsOf(
      edited((artifact) => {
        delete artifact.kpis[0].expr;
        artifact.tiers[1].rank = "2";
        artifact.kpis[1].expr.args[0].op = "divide";
        artifact.rules[0].conditions.all[1].operator = "greaterThanInclusive";
        artifact.scorecards[0].lines[0].weight = 0.5;
        artifact.extra = true;
      }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        '/kpis/0: missing required field "expr"',
        "/tiers/1/rank: must be integer",
        '/kpis/1/expr/args/0/op: unknown value "divide"',
        expect.stringMatching(/^\/rules\/0\/conditions\/all\/1\/operator: must be equal to one of the allowed values/),
        "/scorecards/0/lines/0/weight: must be string",
        '(root): unknown field "extra"',
      ]),
    );
  });

  it("rejects names that are not declared and rules over unknown facts", () => {
    const errors = errorsOf(
      edited((artifact) => {
        artifact.kpis[0].expr.args[0].args[0].name = "revenu";
        artifact.rules[2].conditions.all[1].any[0].fact = "ppl:input:servics";
        artifact.tables[0].rows[0].value = { op: "tierName", name: "Member", rank: 2 };
        artifact.subtiers[0].parent = "Platinum";
      }),
    );
    expect(errors).toEqual([
      '/kpis/0/expr/args/0/args/0/name: "revenu" is not a declared input, KPI, scorecard, table or incentive',
      '/tables/0/rows/0/value: tier "Member" with rank 2 is not one of the artifact\'s tiers',
      '/subtiers/0/parent: "Platinum" is not a tier',
      '/rules/2/conditions/all/1/any/0/fact: "ppl:input:servics" is not a fact of this artifact',
    ]);
  });

  it("rejects an artifact of another format version with what to do", () => {
    expect(errorsOf({ ...channelPlus, format: "ppl-artifact/2" })).toEqual([
      '/format: this is a "ppl-artifact/2" artifact; this version of ppl reads "ppl-artifact/1": recompile the program',
    ]);
  });

  it("rejects an empty condition group and an unnamed event", () => {
    const errors = errorsOf(
      edited((artifact) => {
        artifact.rules[0].conditions = { all: [] };
        artifact.rules[1].event = { type: "badge", params: { name: "Premier" } };
      }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        "/rules/0/conditions/all: must NOT have fewer than 1 items",
        '/rules/1/event/type: unknown value "badge"',
      ]),
    );
  });

  it("never throws, whatever the input", () => {
    const paths: (string | number)[][] = [];
    const collect = (value: unknown, path: (string | number)[]): void => {
      if (typeof value !== "object" || value === null) return;
      for (const [key, child] of Object.entries(value)) {
        const childPath = [...path, Array.isArray(value) ? Number(key) : key];
        paths.push(childPath);
        collect(child, childPath);
      }
    };
    collect(channelPlus, []);
    const replacements: unknown[] = [undefined, null, 0, -1, "", "x", [], {}, { op: "ref", name: "nope" }];
    let rejected = 0;
    // Every 13th path with each replacement: deterministic, and enough to reach every section.
    for (let index = 0; index < paths.length; index += 13) {
      for (const replacement of replacements) {
        const copy = JSON.parse(text) as Record<string, unknown>;
        const path = paths[index]!;
        let parent: EditableJson = copy;
        for (const key of path.slice(0, -1)) parent = parent[key];
        if (replacement === undefined) delete parent[path.at(-1)!];
        else parent[path.at(-1)!] = replacement;
        const result = validateArtifact(copy);
        if (!result.ok) {
          rejected++;
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) expect(error).toMatch(/^(\(root\)|\/)/);
        }
      }
    }
    expect(rejected).toBeGreaterThan(50);
    for (const json of [null, 42, "artifact", [], {}, { format: 1 }]) expect(validateArtifact(json).ok).toBe(false);
  });

  it("caps a long error list", () => {
    const errors = errorsOf(
      edited((artifact) => {
        for (const input of artifact.inputs) input.optional = "no";
        for (const kpi of artifact.kpis) kpi.type = "float";
        for (const tier of [...artifact.tiers, ...artifact.subtiers]) {
          for (const requirement of tier.requirements) requirement.label = 1;
        }
      }),
    );
    expect(errors).toHaveLength(21);
    expect(errors.at(-1)).toMatch(/^\.\.\. and \d+ more$/);
  });
});
