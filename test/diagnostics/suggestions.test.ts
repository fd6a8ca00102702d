// Suggestions are data: each names the exact source range to replace and the
// replacement, so an editor can apply it. Applying it must remove the problem.
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderJson } from "../../src/diagnostics/render-json.js";
import { diagnoseSource } from "../check/diagnose-source.js";

const HEADER = 'program "T" { currency USD }\ninput partner_id: text key\n';
const INPUTS = 'input revenue: money min 0\ninput region: one of "AMS", "EMEA"\n';

/** The source with the first suggestion of `diagnostic` applied. */
function applied(source: string, diagnostic: Diagnostic): string {
  const [fix] = diagnostic.suggestions ?? [];
  return source.slice(0, fix.range.start.offset) + fix.replacement + source.slice(fix.range.end.offset);
}

const cases: { what: string; code: string; source: string; replacement: string }[] = [
  {
    what: "unknown name → the nearest declared name",
    code: "PPL2003",
    source: HEADER + INPUTS + 'kpi doubled = revenu * 2\ntier Member { require doubled > 0 and region = "AMS" }\n',
    replacement: "revenue",
  },
  {
    what: "unknown name in a scorecard line → the nearest input, KPI or table",
    code: "PPL2003",
    source:
      HEADER +
      INPUTS +
      'scorecard s { revenu weight 100% threshold 0 target 100k }\ntier Member { require s > 0 and region = "AMS" }\n',
    replacement: "revenue",
  },
  {
    what: "reserved word used as a name → NAME_value",
    code: "PPL1006",
    source: HEADER + INPUTS + 'kpi target = revenue * 2\ntier Member { require revenue > 0 and region = "AMS" }\n',
    replacement: "target_value",
  },
  {
    what: "built-in function name used as a name → NAME_value",
    code: "PPL1006",
    source: HEADER + INPUTS + 'kpi max = revenue * 2\ntier Member { require revenue > 0 and region = "AMS" }\n',
    replacement: "max_value",
  },
  {
    what: "misspelt `one of` value → the nearest allowed value, quoted",
    code: "PPL3007",
    source: HEADER + INPUTS + 'tier Member { require revenue > 0 and region = "EMAE" }\n',
    replacement: '"EMEA"',
  },
  {
    what: "misspelt `list of` value in a test's given → the nearest allowed value",
    code: "PPL5004",
    source:
      HEADER +
      'input services: list of "DaaS", "Managed Print"\nkpi offered = count(services)\n' +
      'test "t" {\n  given { partner_id: "P-1", services: ["DaaS", "Managed print"] }\n  expect offered = 2\n}\n',
    replacement: '"Managed Print"',
  },
  {
    what: "unknown tier name → the nearest tier",
    code: "PPL2015",
    source:
      HEADER +
      INPUTS +
      'tier Member { require revenue > 0 and region = "AMS" }\n' +
      'test "t" {\n  given { partner_id: "P-1", revenue: 10, region: "AMS" }\n  expect tier = Membr\n}\n',
    replacement: "Member",
  },
  {
    what: "unknown tier name in a string → the nearest tier, quoted",
    code: "PPL2015",
    source:
      HEADER +
      INPUTS +
      'tier Member { require revenue > 0 and region = "AMS" }\nincentive bonus {\n  when tier = "Membr"\n  amount revenue * 1%\n}\n',
    replacement: '"Member"',
  },
  {
    what: "unknown function → the nearest function",
    code: "PPL1011",
    source: HEADER + INPUTS + 'kpi larger = mx(revenue, 10)\ntier Member { require larger > 0 and region = "AMS" }\n',
    replacement: "max",
  },
  {
    what: "unknown rounding mode → the nearest mode",
    code: "PPL2005",
    source:
      'program "T" { currency USD rounding half_evn }\ninput partner_id: text key\n' +
      INPUTS +
      'tier Member { require revenue > 0 and region = "AMS" }\n',
    replacement: "half_even",
  },
  {
    what: "currency code in lower case → the code in capitals",
    code: "PPL2004",
    source:
      'program "T" { currency usd }\ninput partner_id: text key\n' +
      INPUTS +
      'tier Member { require revenue > 0 and region = "AMS" }\n',
    replacement: "USD",
  },
];

describe("suggestions", () => {
  it.each(cases)("$what", ({ code, source, replacement }) => {
    const before = diagnoseSource(source).filter((d) => d.code === code);
    expect(before).toHaveLength(1);
    const [fix, ...others] = before[0].suggestions ?? [];
    expect(others).toEqual([]);
    expect(fix.replacement).toBe(replacement);
    expect(fix.message).toBe(
      replacement.startsWith('"') ? `did you mean ${replacement}?` : `did you mean \`${replacement}\`?`,
    );
    // The message a reader sees says the same.
    expect(before[0].message.replace(/["`]/g, "")).toContain(replacement.replace(/"/g, ""));
    const after = diagnoseSource(applied(source, before[0]));
    expect(after.filter((d) => d.code === code)).toEqual([]);
    expect(after.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("is absent when nothing is close enough", () => {
    const [unknown] = diagnoseSource(HEADER + "kpi x = zzzzzz * 2\n").filter((d) => d.code === "PPL2003");
    expect(unknown.suggestions).toBeUndefined();
    expect(unknown.message).toContain("declare it");
  });

  it("is printed by --format json as a field with its range and replacement", () => {
    const source =
      HEADER + INPUTS + 'kpi doubled = revenu * 2\ntier Member { require doubled > 0 and region = "AMS" }\n';
    const line = renderJson(diagnoseSource(source, "rules/p.ppl").filter((d) => d.code === "PPL2003"));
    expect(JSON.parse(line)).toMatchObject({
      code: "PPL2003",
      line: 5,
      column: 15,
      suggestions: [
        { line: 5, column: 15, endLine: 5, endColumn: 21, message: "did you mean `revenue`?", replacement: "revenue" },
      ],
    });
  });
});
