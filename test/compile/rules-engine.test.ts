import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import type { Artifact } from "../../src/compile/artifact.js";
import { compileRecordValidator, typeRecord } from "../../src/io/typed-record.js";
import type { PartnerEvaluation } from "../../src/runtime/partner.js";
import { evaluatePartner, toResultRow } from "../oracle/partner.js";
import {
  EngineValue,
  createRulesEngineEvaluator,
  partnerFacts,
  readEvaluation,
  registerArtifact,
} from "../../src/runtime/rules-engine.js";
import { parseExact } from "../../src/number/exact-text.js";
import { MISSING, type Value } from "../../src/runtime/values.js";
import { CHANNEL_PLUS, OPERATORS, loadCompiled, typedRecord } from "./compiled-program.js";

const channelPlus = loadCompiled(CHANNEL_PLUS, "examples/channel-plus.ppl");
const operators = loadCompiled(OPERATORS, "operators.ppl");

/** What `ppl run` would write for the evaluation, as text, plus each requirement's outcome (for `explain`). */
function written(artifact: Artifact, evaluation: PartnerEvaluation): string {
  const row = toResultRow(evaluation, 1, null, artifact);
  const requirementOutcomes = [...evaluation.tierResults, ...evaluation.subtierResults].map((result) => [
    "tier" in result ? result.tier.name : result.subtier.name,
    result.holds,
    result.requirements.map((requirement) => requirement.holds),
  ]);
  const eligible = evaluation.subtierResults.map((result) => result.eligible);
  const incentives = [...evaluation.incentives.values()].map((result) => [result.outcome, result.reason]);
  return JSON.stringify([row, requirementOutcomes, eligible, incentives]);
}

const STRONG_PARTNER = {
  partner_id: "P-1",
  region: "EMEA",
  revenue: "20000000",
  sales_target: "16000000",
  deals_registered: 100,
  deals_won: 40,
  csat: 9,
  delivery_days: 2,
  services: ["DaaS"],
  investment: "300000",
  shares_data: true,
  inventory_units: 10,
};

describe("the json-rules-engine back end", () => {
  it("gives the spec example's results for the spec's test partner", async () => {
    const validator = compileRecordValidator(channelPlus.inputs);
    const typed = typeRecord({ row: 1, fields: channelPlus.tests[0]!.given as never }, channelPlus.inputs, validator);
    if (!typed.ok) throw new Error(JSON.stringify(typed.errors));
    const evaluation = await createRulesEngineEvaluator(channelPlus).evaluate(typed.values);
    expect(toResultRow(evaluation, 1, typed.key, channelPlus)).toEqual({
      row: 1,
      partner: "P-1",
      status: "ok",
      tier: "Premier",
      subtiers: ["Premier Services"],
      benefits: [
        "Standard program benefits",
        "Marketing support",
        "Dedicated technical resources",
        "Managed-services specialists",
      ],
      kpis: { attainment: 1.25, conversion: 0.4 },
      scores: { performance: 1.1 },
      incentives: { rebate: "250000.00", services_bonus: "100000.00" },
      total: "350000.00",
      unmet: [],
    });
  });

  const handMade: [string, Record<string, string | number | boolean | string[]>][] = [
    ["the strong partner", STRONG_PARTNER],
    [
      "missing optional csat and delivery_days",
      { ...STRONG_PARTNER, csat: undefined as never, delivery_days: undefined as never },
    ],
    [
      "values exactly on every threshold",
      {
        ...STRONG_PARTNER,
        revenue: "9000000",
        sales_target: "10000000",
        investment: "250000",
        csat: 8,
        services: ["Managed Print"],
      },
    ],
    ["an investment a cent short", { ...STRONG_PARTNER, investment: "249999.99" }],
    ["revenue exactly 10k and no data sharing", { ...STRONG_PARTNER, revenue: "10000", shares_data: false }],
    ["a zero sales target and no deals", { ...STRONG_PARTNER, sales_target: 0, deals_registered: 0, deals_won: 0 }],
    ["no services", { ...STRONG_PARTNER, services: [] }],
  ];

  it.each(handMade)("agrees with evaluatePartner: %s", async (_name, plain) => {
    const defined = Object.fromEntries(Object.entries(plain).filter(([, value]) => value !== undefined));
    const record = typedRecord(channelPlus, defined);
    const engineResult = await createRulesEngineEvaluator(channelPlus).evaluate(record);
    expect(written(channelPlus, engineResult)).toBe(written(channelPlus, evaluatePartner(channelPlus, record)));
  });

  it("settles tiers, subtiers and unmet requirements like the spec says for partners near the thresholds", async () => {
    const evaluator = createRulesEngineEvaluator(channelPlus);
    const onThresholds = await evaluator.evaluate(typedRecord(channelPlus, handMade[2]![1]));
    expect(onThresholds.tier?.name).toBe("Premier");
    expect(onThresholds.subtiers).toEqual(["Premier Services"]);
    const missingCsat = Object.fromEntries(Object.entries(STRONG_PARTNER).filter(([name]) => name !== "csat"));
    const noCsat = toResultRow(await evaluator.evaluate(typedRecord(channelPlus, missingCsat)), 2, "P-1", channelPlus);
    expect(noCsat.subtiers).toEqual([]);
    expect(noCsat.incentives.services_bonus).toBe("0.00");
    expect(noCsat.unmet).toEqual([{ tier: "Premier Services", requirement: "csat >= 8", values: { csat: null } }]);
    const short = toResultRow(
      await evaluator.evaluate(typedRecord(channelPlus, handMade[3]![1])),
      3,
      "P-1",
      channelPlus,
    );
    expect(short.tier).toBe("Member");
    expect(short.unmet).toEqual([
      { tier: "Premier", requirement: "Minimum partner investment", values: { investment: 249999.99 } },
    ]);
  });

  it("agrees with evaluatePartner on every condition form, missing operands included", async () => {
    const evaluator = createRulesEngineEvaluator(operators);
    const regions = [undefined, "AMS", "EMEA", "APJ"];
    const scores = [undefined, "-6", "-5", "5", "6", "7", "7.5", "9", "10", "11"];
    const flagSets = [[], ["C"], ["A", "B"]];
    const secrets = [undefined, "3"];
    const actives = [undefined, true, false];
    const salesValues = ["0", "100", "100.01", "1000", "1000.5", "4000"];
    const tiers = new Set<string>();
    const rows = new Set<string>();
    for (const region of regions) {
      for (const score of scores) {
        for (const [flagIndex, flags] of flagSets.entries()) {
          for (const secret of secrets) {
            for (const [activeIndex, active] of actives.entries()) {
              // A deterministic third of the sales values per combination keeps the run short.
              for (const sales of salesValues.filter((_, index) => (index + flagIndex + activeIndex) % 3 === 0)) {
                const record: Record<string, Value> = { id: "X", flags, sales: parseExact(sales) };
                if (region !== undefined) record.region = region;
                if (score !== undefined) record.score = parseExact(score);
                if (secret !== undefined) record.secret = parseExact(secret);
                if (active !== undefined) record.active = active;
                const expected = evaluatePartner(operators, record);
                const actual = await evaluator.evaluate(record);
                expect(written(operators, actual), JSON.stringify(written(operators, expected))).toBe(
                  written(operators, expected),
                );
                tiers.add(`${expected.tier?.name}:${expected.subtiers.join("+")}`);
                rows.add(written(operators, expected));
              }
            }
          }
        }
      }
    }
    // Most of the 1,440 records give a result of their own (876 today), so agreement is not one outcome repeated.
    expect(rows.size).toBeGreaterThan(800);
    // The data reaches every tier and subtier, so the comparison means something.
    expect([...tiers].sort()).toEqual([
      "Bronze:",
      "Bronze:S2",
      "Gold:S1/x",
      "Gold:S1/x+S2",
      "Silver:",
      "Silver:S1/x",
      "Silver:S1/x+S2",
      "Silver:S2",
    ]);
  });

  it("is false on a missing operand where json-rules-engine's own operators would say true", async () => {
    const record = typedRecord(operators, { id: "X", flags: [], sales: 5000, score: 9 });
    const evaluation = await createRulesEngineEvaluator(operators).evaluate(record);
    const gold = evaluation.tierResults[2]!;
    const outcome = (label: string) => gold.requirements.find((result) => result.requirement.label === label)?.holds;
    expect(outcome('region not in ["APJ"]')).toBe(false);
    expect(outcome('region in ["AMS", "EMEA"]')).toBe(false);
    // A missing boolean is false before `not` applies.
    expect(outcome("not active")).toBe(true);
  });

  it("queues overlapping evaluations on one engine", async () => {
    const evaluator = createRulesEngineEvaluator(channelPlus);
    const partners = Array.from({ length: 20 }, (_, index) =>
      typedRecord(channelPlus, {
        ...STRONG_PARTNER,
        investment: String(240000 + index * 1000),
        partner_id: `P-${index}`,
      }),
    );
    const results = await Promise.all(partners.map((record) => evaluator.evaluate(record)));
    expect(results.map((result) => result.tier?.name)).toEqual(
      partners.map((_, index) => (240000 + index * 1000 >= 250000 ? "Premier" : "Member")),
    );
    for (const [index, record] of partners.entries()) {
      expect(written(channelPlus, results[index]!)).toBe(written(channelPlus, evaluatePartner(channelPlus, record)));
    }
  });
  it("cross-checks every decision of the rules against the evaluator's", async () => {
    // A tampered artifact: its Premier rule asks for less investment than the program does.
    const tampered = structuredClone(channelPlus);
    const text = JSON.stringify(tampered.rules);
    expect(text).toContain('"value":"250000"');
    tampered.rules = JSON.parse(text.replace('"value":"250000"', '"value":"240000"'));
    const record = typedRecord(tampered, { ...STRONG_PARTNER, investment: "245000" });
    await expect(createRulesEngineEvaluator(tampered).evaluate(record)).rejects.toThrow(
      /the rules and the evaluator disagree on rule "tier:Premier"/,
    );
    const fair = typedRecord(tampered, { ...STRONG_PARTNER, investment: "235000" });
    expect((await createRulesEngineEvaluator(tampered).evaluate(fair)).tier?.name).toBe("Member");
  });
});

describe("the artifact on a user's own Engine", () => {
  it("registers facts, operators and rules next to the user's own rules", async () => {
    const engine = new Engine();
    registerArtifact(engine, channelPlus);
    engine.addRule({
      name: "big premier",
      priority: 5,
      conditions: {
        all: [
          { fact: "ppl:tierRank", operator: "ppl:ge", value: "2" },
          { fact: "ppl:incentive:rebate", operator: "ppl:eq", value: "250000" },
        ],
      },
      event: { type: "big-premier" },
    });
    const facts = partnerFacts(channelPlus, typedRecord(channelPlus, STRONG_PARTNER));
    const outcome = await engine.run(facts);
    expect(outcome.events.map((event) => event.type)).toEqual([
      "tier",
      "tier",
      "subtier",
      "incentive",
      "incentive",
      "big-premier",
    ]);
    const evaluation = readEvaluation(channelPlus, facts, outcome);
    expect(toResultRow(evaluation, 1, "P-1", channelPlus).total).toBe("350000.00");
  });

  it("rejects a run whose rule reads the tier before the tier rules settle it", async () => {
    const engine = new Engine();
    registerArtifact(engine, channelPlus);
    engine.addRule({
      name: "too early",
      priority: 100,
      conditions: { all: [{ fact: "ppl:tier", operator: "ppl:isMissing", value: true }] },
      event: { type: "early" },
    });
    await expect(engine.run(partnerFacts(channelPlus, typedRecord(channelPlus, STRONG_PARTNER)))).rejects.toThrow(
      /the partner's tier was read before its rules ran/,
    );
  });

  it("rejects a run without the partner fact with a message saying what to pass", async () => {
    const engine = new Engine();
    registerArtifact(engine, channelPlus);
    await expect(engine.run({ "ppl:partner": { revenue: 1 } })).rejects.toThrow(/partnerFacts\(artifact, record\)/);
  });

  it("keeps results safe for JSON.stringify and confidential values redacted", async () => {
    const engine = new Engine();
    registerArtifact(engine, operators);
    const facts = partnerFacts(
      operators,
      typedRecord(operators, { id: "X", flags: [], sales: 5000, score: 9, secret: "31337" }),
    );
    const outcome = await engine.run(facts);
    const text = JSON.stringify([outcome.results, outcome.failureResults, outcome.events]);
    expect(text).toContain("[redacted]");
    expect(text).not.toMatch(/31337|62674/);
    expect(inspect(new EngineValue(parseExact("31337"), true))).toBe("[redacted]");
    expect(`${new EngineValue(parseExact("31337"), true)}`).toBe("[redacted]");
    expect(JSON.stringify(new EngineValue(parseExact("1/3"), false))).toBe("0.3333333333333333");
    expect(JSON.stringify(new EngineValue(MISSING, false))).toBe("null");
    expect(inspect(facts)).not.toContain("31337");
  });

  it("never logs a confidential value with DEBUG=json-rules-engine", () => {
    const script = fileURLToPath(new URL("./fixtures/debug-run.ts", import.meta.url));
    const child = spawnSync(process.execPath, ["--import", "tsx", script], {
      env: { ...process.env, DEBUG: "json-rules-engine" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(child.status, child.stderr).toBe(0);
    const log = child.stdout + child.stderr;
    expect(log).toContain("condition::evaluate");
    expect(log).toContain("[redacted]");
    expect(log).not.toMatch(/31337|62674/);
    // Spawns Node with tsx, which compiles the runtime for the script: a few seconds.
  }, 60_000);
});
