import { describe, expect, it } from "vitest";
import type { ExprTree, IncentiveSpec, ProgramInfo } from "../../src/compile/artifact-types.js";
import { toExactString } from "../../src/number/exact-text.js";
import { payIncentive } from "./incentive.js";
import { MISSING } from "../../src/runtime/values.js";
import { bin, bool, fixedScope, num, ref, x } from "../runtime/expr-builders.js";

const source = { file: "t.ppl", line: 1, column: 1, endLine: 1, endColumn: 1 };
const usd: ProgramInfo = { name: "P", currency: "USD", minorUnits: 2, rounding: "half_up" };
const usdEven: ProgramInfo = { ...usd, rounding: "half_even" };
const jpy: ProgramInfo = { name: "P", currency: "JPY", minorUnits: 0, rounding: "half_up" };
const bhd: ProgramInfo = { name: "P", currency: "BHD", minorUnits: 3, rounding: "half_even" };

const scope = fixedScope({ revenue: x("20000000"), csat: MISSING, secret: MISSING, eligible: true });
const incentive = (amount: ExprTree, extra: Partial<IncentiveSpec> = {}): IncentiveSpec => ({
  name: "bonus",
  label: "Bonus",
  amount,
  source,
  ...extra,
});
const paid = (spec: IncentiveSpec, program = usd): string => toExactString(payIncentive(spec, program, scope).paid);

describe("incentive payout", () => {
  it("pays 0 when `when` does not hold (or is missing)", () => {
    const result = payIncentive(incentive(num("100"), { when: bool(false) }), usd, scope);
    expect(result.outcome).toBe("not_eligible");
    expect(toExactString(result.paid)).toBe("0");
    expect(paid(incentive(num("100"), { when: ref("csat") }))).toBe("0");
    expect(paid(incentive(num("100"), { when: ref("eligible") }))).toBe("100");
    expect(paid(incentive(num("100")))).toBe("100");
  });

  it("caps the exact amount (spec example: 20M × 2% × 1.1 × 1.5 capped at 250k)", () => {
    const amount = bin("mul", bin("mul", bin("mul", ref("revenue"), num("1/50")), num("11/10")), num("3/2"));
    const result = payIncentive(incentive(amount, { cap: "250000" }), usd, scope);
    expect(toExactString(result.amount as ReturnType<typeof x>)).toBe("660000");
    expect(result.capped).toBe(true);
    expect(toExactString(result.paid)).toBe("250000");
    expect(result.reason).toContain("capped at 250000.00");
  });

  it("does not cap an amount at or below the cap", () => {
    const result = payIncentive(incentive(num("250000"), { cap: "250000" }), usd, scope);
    expect(result.capped).toBe(false);
    expect(toExactString(result.paid)).toBe("250000");
  });

  it("floors a negative amount at 0, after the cap", () => {
    const result = payIncentive(incentive(num("-5"), { cap: "-10" }), usd, scope);
    expect(result.floored).toBe(true);
    expect(toExactString(result.paid)).toBe("0");
  });

  it("rounds to the currency's minor unit with the program's mode, after the cap", () => {
    expect(paid(incentive(num("250.005")), usd)).toBe("25001/100");
    expect(paid(incentive(num("250.005")), usdEven)).toBe("250");
    expect(paid(incentive(num("1/3")), usd)).toBe("33/100");
    expect(paid(incentive(num("1234.5")), jpy)).toBe("1235");
    expect(paid(incentive(num("1.0005")), bhd)).toBe("1");
    expect(paid(incentive(num("1.0015")), bhd)).toBe("501/500");
    // Capped at 100.004 first, then rounded: 100.00.
    expect(paid(incentive(num("500"), { cap: "100.004" }), usd)).toBe("100");
  });

  it("pays 0 for a missing amount and says which value was missing", () => {
    const result = payIncentive(incentive(bin("mul", ref("revenue"), ref("csat"))), usd, scope);
    expect(result.outcome).toBe("missing_amount");
    expect(result.amount).toBe(MISSING);
    expect(toExactString(result.paid)).toBe("0");
    expect(result.reason).toContain("csat is missing");
  });

  it("explains a missing amount from a division by zero", () => {
    const result = payIncentive(incentive(bin("div", ref("revenue"), num("0"))), usd, scope);
    expect(result.outcome).toBe("missing_amount");
    expect(result.reason).toContain("division by zero");
  });

  it("never names a confidential value in the reason", () => {
    const result = payIncentive(
      incentive(bin("mul", ref("revenue"), ref("secret"))),
      usd,
      scope,
      (n) => n === "secret",
    );
    expect(result.reason).not.toContain("secret");
    expect(result.reason).toContain("confidential value is missing");
  });
});
