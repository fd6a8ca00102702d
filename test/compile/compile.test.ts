import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Artifact, ConditionSpec, LeafConditionSpec, RuleSpec } from "../../src/compile/artifact.js";
import { validateArtifact } from "../../src/compile/artifact-schema.js";
import { CHANNEL_PLUS, OPERATORS, compileSource, loadCompiled, readSource } from "./compiled-program.js";

const channelPlus = loadCompiled(CHANNEL_PLUS, "examples/channel-plus.ppl");
const operators = loadCompiled(OPERATORS, "operators.ppl");

function rule(artifact: Artifact, name: string): RuleSpec {
  const found = artifact.rules.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no rule ${name}`);
  return found;
}

function allConditions(condition: ConditionSpec): ConditionSpec[] {
  if ("all" in condition) return [condition, ...condition.all.flatMap(allConditions)];
  if ("any" in condition) return [condition, ...condition.any.flatMap(allConditions)];
  if ("not" in condition) return [condition, ...allConditions(condition.not)];
  return [condition];
}

function namedCondition(artifact: Artifact, name: string): ConditionSpec {
  for (const candidate of artifact.rules) {
    const found = allConditions(candidate.conditions as ConditionSpec).find((condition) => condition.name === name);
    if (found !== undefined) return found;
  }
  throw new Error(`no condition ${name}`);
}

describe("compileProgram on the spec example", () => {
  it("writes an artifact that validates against the published schema", () => {
    expect(validateArtifact(channelPlus)).toEqual({ ok: true, artifact: channelPlus });
    expect(validateArtifact(operators).ok).toBe(true);
  });

  it("is deterministic: the same source gives the same bytes", () => {
    const source = readSource(CHANNEL_PLUS);
    const first = JSON.stringify(compileSource(source, "examples/channel-plus.ppl"), null, 2);
    const second = JSON.stringify(compileSource(source, "examples/channel-plus.ppl"), null, 2);
    expect(second).toBe(first);
    expect(JSON.stringify(channelPlus, null, 2)).toBe(first);
  });

  it("records the format, the program header with defaults and the source hash", () => {
    const source = readSource(CHANNEL_PLUS);
    expect(channelPlus.format).toBe("ppl-artifact/1");
    expect(channelPlus.program).toEqual({
      name: "Channel Plus",
      version: "FY21-Q1",
      currency: "USD",
      minorUnits: 2,
      rounding: "half_up",
    });
    expect(channelPlus.sourceHash).toBe(`sha256:${createHash("sha256").update(source).digest("hex")}`);
    expect(operators.program).toMatchObject({ currency: "JPY", minorUnits: 0, rounding: "half_even" });
    const bare = compileSource('program "Bare" {}\ninput id: text key\ntier Only {\n}\n', "bare.ppl");
    expect(bare.program).toEqual({ name: "Bare", currency: "USD", minorUnits: 2, rounding: "half_up" });
  });

  it("carries the input schema and the inputs", () => {
    expect(channelPlus.inputSchema).toMatchObject({ type: "object", title: "Channel Plus" });
    expect(channelPlus.inputs.map((input) => input.name)).toEqual([
      "partner_id",
      "region",
      "revenue",
      "sales_target",
      "deals_registered",
      "deals_won",
      "csat",
      "delivery_days",
      "services",
      "investment",
      "shares_data",
      "inventory_units",
    ]);
    expect(channelPlus.inputs.find((input) => input.name === "csat")).toEqual({
      name: "csat",
      type: "number",
      min: "0",
      max: "10",
      optional: true,
      key: false,
      confidential: false,
    });
  });

  it("compiles KPIs, scorecards and tables to expression trees with exact numbers", () => {
    expect(channelPlus.kpis[0]).toMatchObject({
      name: "attainment",
      label: "Sales attainment",
      type: "number",
      expr: {
        op: "otherwise",
        args: [
          {
            op: "div",
            args: [
              { op: "ref", name: "revenue" },
              { op: "ref", name: "sales_target" },
            ],
          },
          { op: "num", value: "0" },
        ],
      },
    });
    expect(channelPlus.scorecards[0]!.lines[0]).toEqual({
      value: "attainment",
      weight: "1/2",
      threshold: "4/5",
      target: "1",
      max: "6/5",
    });
    expect(channelPlus.scorecards[0]!.lines[2]!.max).toBe("1");
    expect(channelPlus.tables[0]!.key).toEqual({ op: "tier" });
    expect(channelPlus.tables[1]!.rows[3]).toEqual({ kind: "above", bound: "6/5", value: { op: "num", value: "3/2" } });
    expect(operators.kpis[0]!.expr).toEqual({
      op: "otherwise",
      args: [
        {
          op: "div",
          args: [
            { op: "ref", name: "score" },
            { op: "num", value: "10" },
          ],
        },
        { op: "num", value: "-1" },
      ],
    });
  });

  it("resolves a name compared with `tier` to the tier and its rank", () => {
    expect(channelPlus.incentives[0]!.when).toEqual({
      op: "and",
      args: [
        { op: "ge", args: [{ op: "tier" }, { op: "tierName", name: "Member", rank: 1 }] },
        {
          op: "ge",
          args: [
            { op: "ref", name: "performance" },
            { op: "num", value: "1/2" },
          ],
        },
      ],
    });
  });

  it("gives each tier its inherited requirements first and its benefits lowest first, each once", () => {
    const [member, premier] = channelPlus.tiers;
    expect(member!.rank).toBe(1);
    expect(premier).toMatchObject({ name: "Premier", rank: 2, extends: "Member" });
    expect(premier!.requirements.map((requirement) => [requirement.label, requirement.declaredIn])).toEqual([
      ["Data-sharing agreement signed", "Member"],
      ["revenue >= 10k", "Member"],
      ["Minimum partner investment", "Premier"],
      ["attainment >= 90%", "Premier"],
    ]);
    expect(premier!.benefits).toEqual([
      "Standard program benefits",
      "Marketing support",
      "Dedicated technical resources",
    ]);
    const gold = operators.tiers[2]!;
    expect(gold.requirements.slice(0, 3).map((requirement) => requirement.declaredIn)).toEqual([
      "Silver",
      "Silver",
      "Silver",
    ]);
    expect(gold.benefits).toEqual(["Silver perk", "Gold perk"]);
    expect(operators.tiers[0]!.requirements).toEqual([]);
  });

  it("labels requirements with the canonical expression and lists the names they use", () => {
    const subtier = channelPlus.subtiers[0]!;
    expect(subtier.requirements.map((requirement) => requirement.label)).toEqual([
      '"Managed Print" in services or "DaaS" in services',
      "csat >= 8",
    ]);
    expect(subtier.requirements[0]!.names).toEqual(["services"]);
    const gold = operators.tiers[2]!;
    const ifRequirement = gold.requirements.find((requirement) => requirement.label.startsWith("if "));
    expect(ifRequirement!.names).toEqual(["score", "sales"]);
    expect(gold.requirements.find((requirement) => requirement.label === "Secret known or high score")!.names).toEqual([
      "secret",
      "score",
    ]);
  });

  it("marks values confidential when they use a confidential input, directly or through other values", () => {
    const flags = (artifact: Artifact) =>
      Object.fromEntries(
        [...artifact.kpis, ...artifact.scorecards, ...artifact.tables].map((spec) => [spec.name, spec.confidential]),
      );
    expect(flags(channelPlus)).toEqual({
      attainment: false,
      conversion: false,
      performance: false,
      base_rate: false,
      growth: false,
    });
    expect(flags(operators)).toEqual({ ratio: false, hidden: true, via_hidden: true, by_tier: false });
    expect(channelPlus.inputs.find((input) => input.name === "inventory_units")!.confidential).toBe(true);
  });

  it("writes given values in the shape of raw JSON fields and expects with their text", () => {
    const [test] = channelPlus.tests;
    expect(test!.description).toBe("a strong Premier partner earns the capped rebate");
    expect(test!.given.revenue).toEqual({ kind: "number", text: "20000000" });
    expect(test!.given.services).toEqual({ kind: "array", items: [{ kind: "string", value: "DaaS" }] });
    expect(test!.given.shares_data).toEqual({ kind: "boolean", value: true });
    expect(test!.expects.map((expectation) => expectation.text)).toEqual([
      "tier = Premier",
      '"Premier Services" in subtiers',
      "rebate = 250k",
      "services_bonus = 100k",
    ]);
    expect(test!.expects[2]!.names).toEqual(["rebate"]);
  });
});

describe("the json-rules-engine rules", () => {
  it("has one rule per tier, subtier and incentive, tiers first, then subtiers, then incentives", () => {
    expect(channelPlus.rules.map((candidate) => [candidate.name, candidate.priority, candidate.event])).toEqual([
      ["tier:Member", 30, { type: "tier", params: { name: "Member", rank: 1 } }],
      ["tier:Premier", 30, { type: "tier", params: { name: "Premier", rank: 2 } }],
      ["subtier:Premier Services", 20, { type: "subtier", params: { name: "Premier Services", parent: "Premier" } }],
      ["incentive:rebate", 10, { type: "incentive", params: { name: "rebate", label: "Quarterly sales rebate" } }],
      [
        "incentive:services_bonus",
        10,
        { type: "incentive", params: { name: "services_bonus", label: "services_bonus" } },
      ],
    ]);
  });

  it("gives a tier rule one named condition per requirement, inherited ones included", () => {
    const premier = rule(channelPlus, "tier:Premier");
    expect(premier.conditions).toEqual({
      all: [
        { fact: "ppl:input:shares_data", operator: "ppl:true", value: true, name: "tier:Premier/require:1" },
        { fact: "ppl:input:revenue", operator: "ppl:ge", value: "10000", name: "tier:Premier/require:2" },
        { fact: "ppl:input:investment", operator: "ppl:ge", value: "250000", name: "tier:Premier/require:3" },
        { fact: "ppl:kpi:attainment", operator: "ppl:ge", value: "9/10", name: "tier:Premier/require:4" },
      ],
    });
  });

  it("maps every rule and condition name to its label and place in the source", () => {
    const lines = readSource(CHANNEL_PLUS).split("\n");
    for (const candidate of [...channelPlus.rules, ...operators.rules]) {
      const artifact = channelPlus.rules.includes(candidate) ? channelPlus : operators;
      expect(artifact.sourceMap[candidate.name]).toBeDefined();
      for (const condition of allConditions(candidate.conditions as ConditionSpec).slice(1)) {
        expect(condition.name, JSON.stringify(condition)).toBeDefined();
        expect(artifact.sourceMap[condition.name!], condition.name).toBeDefined();
      }
    }
    const inherited = channelPlus.sourceMap["tier:Premier/require:2"]!;
    expect(inherited).toMatchObject({
      kind: "requirement",
      label: "revenue >= 10k",
      declaredIn: "Member",
      line: 26,
      column: 3,
    });
    expect(lines[inherited.line - 1]!.slice(inherited.column - 1, inherited.endColumn - 1)).toBe(
      "require revenue >= 10k",
    );
    const nested = channelPlus.sourceMap["subtier:Premier Services/require:1.2"]!;
    expect(nested).toMatchObject({ kind: "condition", label: '"DaaS" in services', file: "examples/channel-plus.ppl" });
    expect(lines[nested.line - 1]!.slice(nested.column - 1, nested.endColumn - 1)).toBe('"DaaS" in services');
    expect(channelPlus.sourceMap["tier:Premier"]).toMatchObject({ kind: "tier", line: 30, column: 1 });
  });

  it("builds and/or/not structurally and compares facts with exact literals", () => {
    expect(namedCondition(channelPlus, "subtier:Premier Services/require:1")).toEqual({
      any: [
        {
          fact: "ppl:input:services",
          operator: "ppl:contains",
          value: "Managed Print",
          name: "subtier:Premier Services/require:1.1",
        },
        {
          fact: "ppl:input:services",
          operator: "ppl:contains",
          value: "DaaS",
          name: "subtier:Premier Services/require:1.2",
        },
      ],
      name: "subtier:Premier Services/require:1",
    });
    expect(namedCondition(channelPlus, "incentive:rebate/when")).toEqual({
      all: [
        { fact: "ppl:tierRank", operator: "ppl:ge", value: "1", name: "incentive:rebate/when.1" },
        { fact: "ppl:scorecard:performance", operator: "ppl:ge", value: "1/2", name: "incentive:rebate/when.2" },
      ],
      name: "incentive:rebate/when",
    });
    const gold = (index: number) => namedCondition(operators, `tier:Gold/require:${index}`);
    expect(gold(1)).toEqual({
      not: { fact: "ppl:input:active", operator: "ppl:true", value: true, name: "tier:Gold/require:1.1" },
      name: "tier:Gold/require:1",
    });
    expect(gold(2)).toMatchObject({ fact: "ppl:input:region", operator: "ppl:in", value: ["AMS", "EMEA"] });
    expect(gold(3)).toMatchObject({ fact: "ppl:input:score", operator: "ppl:between", value: ["-5", "10"] });
    // `5 <= score` is stated from the fact's side.
    expect(gold(4)).toMatchObject({ fact: "ppl:input:score", operator: "ppl:ge", value: "5" });
    expect(gold(5)).toMatchObject({ fact: "ppl:input:region", operator: "ppl:notIn", value: ["APJ"] });
    expect(gold(6)).toMatchObject({ fact: "ppl:input:flags", operator: "ppl:notContains", value: "C" });
    expect(gold(7)).toMatchObject({
      any: [
        { fact: "ppl:input:secret", operator: "ppl:isNotMissing", value: true },
        { fact: "ppl:input:score", operator: "ppl:ge", value: "9" },
      ],
    });
    const ifLeaf = gold(8) as LeafConditionSpec;
    expect(ifLeaf).toMatchObject({ fact: "ppl:expr", operator: "ppl:true", value: true });
    expect(ifLeaf.params!.expr.op).toBe("if");
    expect(gold(9)).toMatchObject({ fact: "ppl:kpi:ratio", operator: "ppl:ne", value: "-1" });
    expect(gold(10)).toMatchObject({
      all: [{ operator: "ppl:ge" }, { not: { fact: "ppl:input:region", operator: "ppl:eq", value: "AMS" } }],
    });
  });

  it("never emits an empty all/any: a tier without requirements always holds", () => {
    expect(rule(operators, "tier:Bronze").conditions).toEqual({
      all: [{ fact: "ppl:always", operator: "ppl:true", value: true, name: "tier:Bronze/always" }],
    });
    expect(rule(operators, "incentive:c").conditions).toEqual({
      all: [{ fact: "ppl:always", operator: "ppl:true", value: true, name: "incentive:c/always" }],
    });
    for (const candidate of [...channelPlus.rules, ...operators.rules]) {
      for (const condition of allConditions(candidate.conditions as ConditionSpec)) {
        if ("all" in condition) expect(condition.all.length).toBeGreaterThan(0);
        if ("any" in condition) expect(condition.any.length).toBeGreaterThan(0);
      }
    }
  });

  it("gives a subtier rule its parent-rank condition, and escapes `/` in names", () => {
    const s1 = rule(operators, "subtier:S1%2Fx");
    expect(s1.event).toEqual({ type: "subtier", params: { name: "S1/x", parent: "Silver" } });
    expect((s1.conditions as { all: ConditionSpec[] }).all[0]).toEqual({
      fact: "ppl:tierRank",
      operator: "ppl:ge",
      value: "2",
      name: "subtier:S1%2Fx/parent",
    });
    expect(rule(operators, "incentive:b").conditions).toMatchObject({
      all: [
        {
          all: [
            { fact: "ppl:tierRank", operator: "ppl:ne", value: "2" },
            { fact: "ppl:subtiers", operator: "ppl:contains", value: "S1/x" },
          ],
        },
      ],
    });
    expect(rule(operators, "incentive:d").conditions).toMatchObject({
      all: [
        {
          all: [
            { fact: "ppl:incentive:a", operator: "ppl:gt", value: "0" },
            { fact: "ppl:kpi:via_hidden", operator: "ppl:isMissing" },
          ],
        },
      ],
    });
  });
});
