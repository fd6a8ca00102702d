// Shortfalls checked against the oracle (test/oracle), which knows nothing of
// them: on generated partners of every example program, each input change a
// shortfall offers, applied alone to the record, must make the requirement
// hold in the oracle's evaluation, and the value's `has` must be what the
// oracle computes for it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";
import { compileProgram } from "../../src/compile/compile.js";
import { parseExact } from "../../src/number/exact-text.js";
import { createEvaluator, toResultRow } from "../../src/runtime/evaluator/index.js";
import type { ShortfallOutput } from "../../src/runtime/shortfall.js";
import { evaluatePartner, outputValue } from "../oracle/partner.js";
import { partnerGenerator } from "./partner-generator.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PROGRAMS = [
  "rules/amplify.ppl",
  "examples/channel-plus.ppl",
  "examples/distributor-rebates.ppl",
  "examples/jpy-referral.ppl",
];
const PARTNERS = 2_000;

describe("shortfalls against the oracle", () => {
  for (const [programIndex, file] of PROGRAMS.entries()) {
    it(`${file}: every offered input change closes the requirement`, () => {
      const source = readFileSync(join(ROOT, file), "utf8");
      const artifact = compileProgram(checkSource(source, file).checked, source);
      const evaluate = createEvaluator(artifact);
      const generate = partnerGenerator(artifact, 7000 + programIndex);
      const kpis = new Set(artifact.kpis.map((kpi) => kpi.name));
      let changes = 0;
      let shortfalls = 0;
      for (let index = 1; index <= PARTNERS; index++) {
        const record = generate(index);
        const row = toResultRow(evaluate(record), index, null, artifact);
        for (const entry of row.unmet) {
          const shortfall: ShortfallOutput | undefined = entry.shortfall;
          if (shortfall === undefined) continue;
          shortfalls++;
          const reference = evaluatePartner(artifact, record);
          if (kpis.has(shortfall.value) && typeof shortfall.has === "number") {
            expect(shortfall.has).toBe(outputValue(reference.kpis.get(shortfall.value)!));
          }
          if (shortfall.also !== undefined) continue; // closing one part of an `and` is not enough
          for (const change of shortfall.inputs) {
            // Exact only from a money string or a whole number; other JSON numbers are nearest doubles.
            if (typeof change.needs !== "string" && !Number.isInteger(change.needs)) continue;
            const changed = evaluatePartner(artifact, { ...record, [change.input]: parseExact(String(change.needs)) });
            const results = [
              ...changed.tierResults.flatMap((t) => t.requirements),
              ...changed.subtierResults.flatMap((s) => s.requirements),
            ];
            const result = results.find((r) => r.requirement.label === entry.requirement);
            expect(
              result?.holds,
              `${file} partner ${index}: ${entry.requirement} with ${change.input} = ${change.needs}`,
            ).toBe(true);
            changes++;
          }
        }
      }
      expect(shortfalls).toBeGreaterThan(100);
      if (file !== "examples/jpy-referral.ppl") expect(changes).toBeGreaterThan(0);
    }, 60_000);
  }
});
