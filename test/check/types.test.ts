import { describe, expect, it } from "vitest";
import { checkProgram } from "../../src/check/check.js";
import { parse } from "../../src/syntax/parse.js";
import { errorsOf } from "./diagnose-source.js";

const INPUTS = [
  "input revenue: money min 0",
  "input cost: money min 0",
  "input rate: percent",
  "input units: integer",
  "input score: number",
  "input ok: boolean",
  "input name: text",
  'input region: one of "AMS", "EMEA", "APJ"',
  'input services: list of "DaaS", "Managed Print"',
  "tier Member { require ok }",
  "tier Premier extends Member { require revenue >= 1M }",
  'subtier "Premier Services" of Premier { require "DaaS" in services }',
  "",
].join("\n");

/** The type the checker infers for `expr` as a KPI. */
function kpiType(expr: string): string | undefined {
  const text = `program "T" { currency USD }\ninput partner_id: text key\n${INPUTS}kpi k = ${expr}\n`;
  const { program } = parse(text, "t.ppl");
  const result = checkProgram(program);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) return errors.map((d) => d.code).join(",");
  return result.valueTypes.get("k")?.kind;
}

function codes(body: string): string[] {
  return errorsOf(INPUTS + body).map((d) => d.code);
}

describe("result types of arithmetic (spec section 4)", () => {
  it.each([
    ["revenue + cost", "money"],
    ["revenue - cost", "money"],
    ["revenue * rate", "money"],
    ["rate * revenue", "money"],
    ["revenue * units", "money"],
    ["revenue / units", "money"],
    ["revenue / cost", "number"],
    ["units / revenue", "number"],
    ["rate * score", "number"],
    ["units + units", "number"],
    ["revenue + score", "number"],
    ["revenue - 10k", "money"],
    ["-revenue", "money"],
    ["revenue / cost otherwise 0", "number"],
    ["min(revenue, 250k)", "money"],
    ["max(revenue, cost)", "money"],
    ["abs(score)", "number"],
    ["round(revenue, 2)", "money"],
    ["clamp(rate, 0, 1)", "percent"],
    ["count(services)", "integer"],
    ["if ok then revenue else 0", "money"],
    ["revenue >= 10k and ok", "boolean"],
    ['region = "AMS"', "boolean"],
    ["tier >= Premier", "boolean"],
    ["revenue between 1 and 2", "boolean"],
    ["score is missing", "boolean"],
  ])("%s is %s", (expr, type) => {
    expect(kpiType(expr)).toBe(type);
  });

  it.each([
    ["revenue * cost", "PPL3002"],
    ["name * 2", "PPL3001"],
    ["-ok", "PPL3001"],
    ["revenue > ok", "PPL3003"],
    ['name < "b"', "PPL3018"],
    ["services = services", "PPL3017"],
    ["tier >= revenue", "PPL3003"],
    ["tier = Platinum", "PPL2015"],
    ['tier = "Platinum"', "PPL2015"],
    ["tier in [Member, Premeir]", "PPL2015"],
    ['region = "Emea"', "PPL3007"],
    ['region != "EMEA "', "PPL3007"],
    ['region in ["AMS", "APAC"]', "PPL3007"],
    ['"Managed Print " in services', "PPL3007"],
    ['"Premier Service" in subtiers', "PPL3007"],
    ['"x" in region', "PPL3006"],
    ["1 in services", "PPL3015"],
    ["ok and revenue", "PPL3004"],
    ["not revenue", "PPL3004"],
    ["if revenue then 1 else 2", "PPL3004"],
    ["if ok then 1 else name", "PPL3014"],
    ["revenue otherwise name", "PPL3014"],
    ['[1, "a"]', "PPL3014"],
    ["min(revenue)", "PPL3008"],
    ["clamp(1, 2)", "PPL3008"],
    ["count(revenue)", "PPL3009"],
    ["abs(name)", "PPL3009"],
    ["round(revenue, 1.5)", "PPL3019"],
    ["name between 1 and 2", "PPL3016"],
    ["total", "PPL2014"],
  ])("%s is an error %s", (expr, code) => {
    expect(kpiType(expr)).toBe(code);
  });

  it("accepts tier compared with a quoted tier name and names in a list", () => {
    expect(kpiType('tier = "Premier"')).toBe("boolean");
    expect(kpiType("tier in [Member, Premier]")).toBe("boolean");
    expect(kpiType('"Premier Services" in subtiers')).toBe("boolean");
  });
});

describe("conditions and amounts", () => {
  it("requires requirements, when and expect to be true/false", () => {
    expect(codes("tier Gold { require revenue }\n")).toEqual(["PPL3004"]);
    expect(codes("incentive i { when revenue  amount revenue * 1% }\n")).toEqual(["PPL3004"]);
    expect(codes('test "t" { given { partner_id: "P" } expect revenue }\n')).toEqual(["PPL3004"]);
  });

  it("requires a numeric amount", () => {
    expect(codes("incentive i { amount name }\n")).toEqual(["PPL3005"]);
  });

  it("allows `total` in expect only", () => {
    expect(
      codes('incentive i { amount revenue * 1% }\ntest "t" { given { partner_id: "P" } expect total = 0 }\n'),
    ).toEqual([]);
  });

  it("does not cascade from an unknown name", () => {
    expect(codes("kpi k = (revnue * 2 + 3) / cost >= 1\n")).toEqual(["PPL2003"]);
  });
});

describe("names", () => {
  it("suggests the closest declared name", () => {
    const [d] = errorsOf(INPUTS + "kpi k = revenu * 2\n");
    expect(d.message).toContain("did you mean `revenue`?");
  });

  it("says what to do when nothing is close", () => {
    const [d] = errorsOf(INPUTS + "kpi k = zzzzzz * 2\n");
    expect(d.code).toBe("PPL2003");
    expect(d.message).toContain("declare it");
  });

  it("allows use before declaration", () => {
    expect(codes("kpi a = b * 2\nkpi b = revenue / 2\n")).toEqual([]);
  });

  it("requires extends to name an earlier tier", () => {
    expect(codes("tier Gold extends Gold { require ok }\n")).toEqual(["PPL2012"]);
    expect(codes('tier Gold extends "Premier Services" { require ok }\n')).toEqual(["PPL2012"]);
    expect(codes("tier Gold extends Platinum { require ok }\ntier Platinum { require ok }\n")).toEqual(["PPL2012"]);
  });
});
