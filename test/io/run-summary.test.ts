// The run summary sums paid amounts exactly, whatever their spelling: the digit-by-digit fast
// path and the exact fallback must agree with rational addition of the same strings.
import { describe, expect, it } from "vitest";
import { parseExact, toExactString } from "../../src/number/exact-text.js";
import { add, formatFixed, ZERO, type Num } from "../../src/number/rational.js";
import { SummaryCounter } from "../../src/io/run-summary.js";
import type { CompiledProgram } from "../../src/runtime/partner.js";
import type { OkRow } from "../../src/runtime/result-types.js";
import { CHANNEL_PLUS, compileSource, readSource } from "../compile/compiled-program.js";

const JPY = new URL("../../examples/jpy-referral.ppl", import.meta.url).pathname;

function rowPaying(program: CompiledProgram, amount: string): OkRow {
  const incentives: Record<string, string> = {};
  for (const incentive of program.incentives) incentives[incentive.name] = amount;
  return {
    row: 1,
    partner: "P",
    status: "ok",
    tier: null,
    subtiers: [],
    benefits: [],
    kpis: {},
    scores: {},
    incentives,
    total: amount,
    unmet: [],
  };
}

// Amounts as a run writes them, and spellings it never writes but a summary must still sum exactly.
const AMOUNTS = [
  "0.00",
  "-0.00",
  "12.50",
  "-12.50",
  "5000",
  "5000.5",
  "1.005",
  "999999999999999.99",
  "9999999999999.99",
  "-9999999999999.99",
  "1234567890123456789.01",
  "-.50",
  "7.",
  "0",
  "3",
  "-3",
];

describe.each([
  ["two minor digits", CHANNEL_PLUS],
  ["no minor digits", JPY],
])("the run summary, %s", (_label, file) => {
  const program = compileSource(readSource(file), file) as unknown as CompiledProgram;
  const { minorUnits, rounding } = program.program;

  it("sums every amount exactly, as rational addition does", () => {
    const counter = new SummaryCounter(program);
    let expected: Num = ZERO;
    const readable = AMOUNTS.filter((amount) => {
      try {
        parseExact(amount);
        return true;
      } catch {
        return false;
      }
    });
    // Repeated so the double sum passes 2^52 and moves to a BigInt on the way.
    for (let round = 0; round < 40; round++) {
      for (const amount of readable) {
        counter.add(rowPaying(program, amount));
        expected = add(expected, parseExact(amount));
      }
    }
    const summary = counter.summary();
    const money = formatFixed(expected, minorUnits, rounding);
    for (const incentive of program.incentives) expect(summary.incentives[incentive.name]).toBe(money);
    expect(toExactString(parseExact(counter.part().incentives[program.incentives[0]!.name]!))).toBe(
      toExactString(expected),
    );
  });
});
