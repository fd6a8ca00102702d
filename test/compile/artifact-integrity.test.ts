import { describe, expect, it } from "vitest";
import { artifactDigest } from "../../src/compile/artifact-integrity.js";
import { validateArtifact } from "../../src/compile/artifact-schema.js";
import { CHANNEL_PLUS, compileSource, loadCompiled } from "./compiled-program.js";

const text = JSON.stringify(loadCompiled(CHANNEL_PLUS, "examples/channel-plus.ppl"));

// Hand edits reach anywhere in the JSON, so the copy is untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EditableJson = any;

/** An edited copy; `redigest` also recomputes the digest, as a careful tamperer would. */
function edited(edit: (artifact: EditableJson) => void, redigest = true): EditableJson {
  const copy = JSON.parse(text) as EditableJson;
  edit(copy);
  if (redigest) copy.digest = artifactDigest(copy);
  return copy;
}

function errorsOf(json: unknown): string[] {
  const result = validateArtifact(json);
  if (result.ok) throw new Error("expected the artifact to be rejected");
  return result.errors;
}

describe("artifact numbers", () => {
  it.each(["NaN", "1/0", "1e999999999", "-0", "0/5", "Infinity", "1.5"])("refuses %j as an exact number", (value) => {
    const errors = errorsOf(edited((artifact) => (artifact.kpis[0].expr.args[1].value = value)));
    expect(errors).toEqual([expect.stringMatching(/^\/kpis\/0\/expr\/args\/1\/value: must match pattern/)]);
  });
});

describe("artifact rules against their specs", () => {
  it.each(["NaN", "1/0", "1e999999999", "20000"])("refuses a rule value %j the requirement does not say", (value) => {
    const errors = errorsOf(edited((artifact) => (artifact.rules[0].conditions.all[1].value = value)));
    expect(errors).toEqual([
      `/rules/0/conditions/all/1/value: ${JSON.stringify(value)}, where the specs and expression trees give "10000": ` +
        "the rules disagree with the tiers, subtiers and incentives they were compiled from; recompile the program",
    ]);
  });

  it("refuses a rule whose operator or event was changed, or a rule added", () => {
    const operator = edited((artifact) => (artifact.rules[0].conditions.all[1].operator = "ppl:gt"));
    expect(errorsOf(operator)[0]).toMatch(
      /^\/rules\/0\/conditions\/all\/1\/operator: "ppl:gt", where .* give "ppl:ge"/,
    );
    const label = edited((artifact) => (artifact.rules.at(-1).event.params.label = "Other"));
    expect(errorsOf(label)[0]).toMatch(/^\/rules\/\d+\/event\/params\/label: "Other", where/);
    const extra = edited((artifact) => artifact.rules.push({ ...artifact.rules[0], name: "tier:Member2" }));
    expect(errorsOf(extra)[0]).toMatch(/^\/rules\/\d+: .* give nothing/);
  });
});

describe("artifact digest", () => {
  it("refuses content changed after compiling, even where every other check passes", () => {
    const errors = errorsOf(edited((artifact) => (artifact.tiers[0].benefits[0] = "Free lunch"), false));
    expect(errors).toEqual([
      "/digest: the artifact's content does not match its digest (it was changed after `ppl compile`); recompile the program",
    ]);
  });

  it("does not depend on key order or whitespace", () => {
    const artifact = JSON.parse(text) as EditableJson;
    const reordered = Object.fromEntries(Object.entries(artifact).reverse());
    expect(validateArtifact(JSON.parse(JSON.stringify(reordered, null, 2))).ok).toBe(true);
  });
});

describe("artifact cycles", () => {
  it("refuses a KPI that refers to itself, naming it", () => {
    const errors = errorsOf(edited((artifact) => (artifact.kpis[1].expr.args[0] = { op: "ref", name: "conversion" })));
    expect(errors).toEqual([
      '/kpis/1: "conversion" depends on itself (conversion → conversion); the artifact was edited: recompile the program',
    ]);
  });

  it("refuses a cycle through 1,000 KPIs, naming them in order", () => {
    const lines = [
      'program "Chain" {',
      "  currency USD",
      "}",
      "input partner_id: text key",
      "input x: number",
      "kpi k1 = x + 1",
    ];
    for (let index = 2; index <= 1000; index++) lines.push(`kpi k${index} = k${index - 1} + 1`);
    const artifact = JSON.parse(JSON.stringify(compileSource(lines.join("\n") + "\n", "chain.ppl"))) as EditableJson;
    artifact.kpis[0].expr.args[0] = { op: "ref", name: "k1000" };
    artifact.digest = artifactDigest(artifact);
    const errors = errorsOf(artifact);
    // k1 uses k1000, which uses k999, … down to k2, which uses k1.
    const cycle = ["k1", ...Array.from({ length: 999 }, (_, index) => `k${1000 - index}`), "k1"];
    expect(errors).toEqual([
      `/kpis/0: "k1" depends on itself (${cycle.join(" → ")}); the artifact was edited: recompile the program`,
    ]);
  });
});
