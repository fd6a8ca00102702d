import Fraction from "fraction.js";
import { describe, expect, it } from "vitest";
import {
  add,
  compare,
  div,
  formatDecimal,
  formatFixed,
  fromRatio,
  mul,
  parseDecimal,
  parseExact,
  parseJsonNumberText,
  round,
  sub,
  toExactString,
  toNearestNumber,
} from "../oracle/exact.js";
import { currencyCodes, minorUnits } from "../../src/check/currencies.js";
import { x } from "./expr-builders.js";

describe("fraction.js 5.3.4 with BigInt", () => {
  it("is exact: 1/3 * 3 equals 1 and parts are BigInt", () => {
    const third = new Fraction(1n, 3n);
    expect(third.mul(3n).equals(1n)).toBe(true);
    expect(typeof third.n).toBe("bigint");
    expect(typeof third.d).toBe("bigint");
  });

  it("keeps numerators beyond 2^53 exactly", () => {
    const big = fromRatio(10n ** 40n + 1n, 3n);
    expect(toExactString(mul(big, x("3")))).toBe("10000000000000000000000000000000000000001");
  });
});

describe("parsing", () => {
  it("reads artifact ratios and integers", () => {
    expect(toExactString(parseExact("1/3"))).toBe("1/3");
    expect(toExactString(parseExact("-7/2"))).toBe("-7/2");
    expect(toExactString(parseExact("4/6"))).toBe("2/3");
    expect(toExactString(parseExact("250000"))).toBe("250000");
  });

  it("reads exact decimals", () => {
    expect(toExactString(parseExact("99999.99"))).toBe("9999999/100");
    expect(toExactString(parseExact("-5"))).toBe("-5");
    expect(toExactString(parseExact("0.005"))).toBe("1/200");
    expect(toExactString(parseExact("0.1"))).toBe("1/10");
  });

  it("rejects malformed artifact numbers", () => {
    expect(() => parseExact("1/0")).toThrow(/zero denominator/);
    expect(() => parseExact("1e3")).toThrow();
    expect(() => parseExact("0.1.2")).toThrow();
    expect(() => parseExact("")).toThrow();
  });

  it("accepts only plain decimals as CSV data", () => {
    expect(toExactString(parseDecimal("2.0")!)).toBe("2");
    expect(toExactString(parseDecimal("-0.5")!)).toBe("-1/2");
    for (const bad of ["1,000", "1e3", "25k", "$5", ".5", "5.", "+5", "", " 5", "1/2"]) {
      expect(parseDecimal(bad), bad).toBeUndefined();
    }
  });

  it("reads JSON number text with exponents exactly", () => {
    expect(toExactString(parseJsonNumberText("99999.99")!)).toBe("9999999/100");
    expect(toExactString(parseJsonNumberText("1e3")!)).toBe("1000");
    expect(toExactString(parseJsonNumberText("2.5E-3")!)).toBe("1/400");
    expect(toExactString(parseJsonNumberText("-0.1e+1")!)).toBe("-1");
    expect(parseJsonNumberText("01")).toBeUndefined();
    expect(parseJsonNumberText("1e99999")).toBeUndefined();
  });
});

describe("arithmetic", () => {
  it("0.7 + 0.1 >= 80% is true, unlike binary floats", () => {
    expect(0.7 + 0.1 >= 0.8).toBe(false);
    expect(compare(add(x("0.7"), x("0.1")), x("0.8"))).toBe(0);
  });

  it("1/3 * 3 = 1", () => {
    expect(compare(mul(div(x("1"), x("3"))!, x("3")), x("1"))).toBe(0);
  });

  it("division by zero is undefined (missing to PPL), not an exception", () => {
    expect(div(x("5"), x("0"))).toBeUndefined();
    expect(toExactString(div(x("5"), x("-2"))!)).toBe("-5/2");
  });

  it("subtracts and compares", () => {
    expect(toExactString(sub(x("0.3"), x("0.1")))).toBe("1/5");
    expect(compare(x("-1/3"), x("-0.3333"))).toBe(-1);
    expect(compare(x("2"), x("1"))).toBe(1);
  });
});

describe("rounding", () => {
  it("250.005 to 2 digits: half_even 250.00, half_up 250.01", () => {
    expect(formatFixed(round(x("250.005"), 2, "half_even"), 2)).toBe("250.00");
    expect(formatFixed(round(x("250.005"), 2, "half_up"), 2)).toBe("250.01");
    expect(formatFixed(round(x("250.015"), 2, "half_even"), 2)).toBe("250.02");
  });

  it("half_up rounds ties away from zero for negatives", () => {
    expect(toExactString(round(x("-2.5"), 0, "half_up"))).toBe("-3");
    expect(toExactString(round(x("2.5"), 0, "half_up"))).toBe("3");
    expect(toExactString(round(x("-2.5"), 0, "half_even"))).toBe("-2");
    expect(toExactString(round(x("-3.5"), 0, "half_even"))).toBe("-4");
    expect(toExactString(round(x("-2.4"), 0, "half_up"))).toBe("-2");
    expect(toExactString(round(x("-2.6"), 0, "half_even"))).toBe("-3");
  });

  it("rounds non-decimal rationals (2/3 to 2 digits is 0.67)", () => {
    expect(toExactString(round(x("2/3"), 2, "half_even"))).toBe("67/100");
    expect(toExactString(round(x("-1/6"), 1, "half_up"))).toBe("-1/5");
  });

  it("rounds to tens with negative digits", () => {
    expect(toExactString(round(x("1250"), -2, "half_up"))).toBe("1300");
    expect(toExactString(round(x("1250"), -2, "half_even"))).toBe("1200");
  });

  it("formats money for JPY (0 digits) and BHD (3 digits)", () => {
    expect(formatFixed(x("1234.5"), minorUnits("JPY")!, "half_even")).toBe("1234");
    expect(formatFixed(x("1235.5"), minorUnits("JPY")!, "half_even")).toBe("1236");
    expect(formatFixed(x("1234.5"), minorUnits("JPY")!, "half_up")).toBe("1235");
    expect(formatFixed(x("12.3455"), minorUnits("BHD")!, "half_up")).toBe("12.346");
    expect(formatFixed(x("12.3445"), minorUnits("BHD")!, "half_even")).toBe("12.344");
    expect(formatFixed(x("250000"), 2)).toBe("250000.00");
    expect(formatFixed(x("0.05"), 2)).toBe("0.05");
    expect(formatFixed(x("-0.05"), 2)).toBe("-0.05");
  });

  it("never writes negative zero", () => {
    expect(formatFixed(x("-0.001"), 2)).toBe("0.00");
    expect(formatFixed(x("-0.4"), 0)).toBe("0");
  });
});

describe("nearest JSON number", () => {
  it("gives the correctly rounded double", () => {
    expect(toNearestNumber(x("1/3"))).toBe(0.3333333333333333);
    expect(toNearestNumber(x("2/3"))).toBe(2 / 3);
    expect(toNearestNumber(x("-1/3"))).toBe(-1 / 3);
    expect(toNearestNumber(x("5/4"))).toBe(1.25);
    expect(toNearestNumber(x("0"))).toBe(0);
    expect(Object.is(toNearestNumber(x("0")), 0)).toBe(true);
    expect(toNearestNumber(x("0.1"))).toBe(0.1);
    expect(toNearestNumber(x("99999.99"))).toBe(99999.99);
    expect(toNearestNumber(x("123456789012345678901234567890"))).toBe(1.2345678901234568e29);
    expect(toNearestNumber(x("1/10000000000000000000000000"))).toBe(1e-25);
  });

  it("agrees with the JS parser on many decimals (which rounds correctly)", () => {
    const samples = ["0.7", "1.1", "3.14159", "2.675", "1e-7", "123456.789", "9007199254740993", "0.30000000000000004"];
    for (const text of samples) {
      expect(toNearestNumber(parseJsonNumberText(text)!), text).toBe(Number(text));
    }
  });

  it("matches IEEE division for random integer ratios (both correctly rounded)", () => {
    // A fixed-seed generator keeps the test reproducible.
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 2000; i++) {
      const n = (next() * 2 ** 21 + next()) % Number.MAX_SAFE_INTEGER;
      const d = ((next() % 2 ** 20) * next()) % Number.MAX_SAFE_INTEGER || 1;
      const sign = i % 2 === 0 ? 1 : -1;
      expect(toNearestNumber(fromRatio(BigInt(sign * n), BigInt(d))), `${sign * n}/${d}`).toBe((sign * n) / d);
    }
  });

  it("rounds ties between doubles to even", () => {
    // 2^53 + 1 lies halfway between 2^53 and 2^53 + 2.
    expect(toNearestNumber(x("9007199254740993"))).toBe(9007199254740992);
    expect(toNearestNumber(x("9007199254740995"))).toBe(9007199254740996);
  });

  it("handles subnormal and overflowing magnitudes", () => {
    expect(toNearestNumber(fromRatio(1n, 2n ** 1074n))).toBe(5e-324);
    expect(toNearestNumber(fromRatio(1n, 2n ** 1080n))).toBe(0);
    expect(toNearestNumber(fromRatio(10n ** 400n))).toBe(Infinity);
  });
});

describe("decimal display", () => {
  it("is exact when the decimal terminates, rounded otherwise", () => {
    expect(formatDecimal(x("5/4"))).toEqual({ text: "1.25", exact: true });
    expect(formatDecimal(x("-7"))).toEqual({ text: "-7", exact: true });
    expect(formatDecimal(x("1/3"), 4)).toEqual({ text: "0.3333", exact: false });
  });
});

describe("currency minor units", () => {
  it("knows the ISO 4217 exceptions", () => {
    expect(minorUnits("USD")).toBe(2);
    expect(minorUnits("EUR")).toBe(2);
    expect(minorUnits("JPY")).toBe(0);
    expect(minorUnits("KRW")).toBe(0);
    for (const code of ["BHD", "KWD", "JOD", "OMR", "TND", "IQD", "LYD"]) expect(minorUnits(code), code).toBe(3);
    expect(minorUnits("CLF")).toBe(4);
    expect(minorUnits("XYZ")).toBeUndefined();
    expect(minorUnits("toString")).toBeUndefined();
    expect(currencyCodes().length).toBeGreaterThan(150);
  });
});
