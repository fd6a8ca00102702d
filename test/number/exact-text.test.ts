import Fraction from "fraction.js";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../examples/generate-partners.js";
import {
  decimalToNum,
  NumberRangeError,
  parseExact,
  plainDecimalToNum,
  toExactString,
} from "../../src/number/exact-text.js";
import { Big, Small } from "../../src/number/rational.js";

/** The value of a decimal text by fraction.js from BigInt digits: an independent reading. */
function reference(text: string, shift = 0): string {
  const [, sign, whole, fraction = "", exponent = "0"] = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:e([+-]?[0-9]+))?$/.exec(text)!;
  const scale = fraction.length - Number(exponent) + shift;
  const digits = BigInt(sign + whole + fraction);
  const value = scale >= 0 ? new Fraction(digits, 10n ** BigInt(scale)) : new Fraction(digits * 10n ** BigInt(-scale));
  return value.toFraction();
}

describe("decimal text to Num", () => {
  it("reads random decimals of every length exactly, as a reduced Small whenever the value fits", () => {
    const random = mulberry32(14);
    const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join("");
    for (let i = 0; i < 20_000; i++) {
      const whole = digits(1 + Math.floor(random() * 19));
      const fraction = random() < 0.3 ? "" : digits(1 + Math.floor(random() * 19));
      const text = `${random() < 0.3 ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
      const shift = random() < 0.2 ? 2 : 0;
      const value = plainDecimalToNum(text, shift)!;
      expect(toExactString(value), text).toBe(reference(text, shift));
      expect(decimalToNum(text, shift), text).toEqual(value);
      const { n, d } = new Fraction(reference(text, shift));
      if (n <= BigInt(Number.MAX_SAFE_INTEGER) && d <= BigInt(Number.MAX_SAFE_INTEGER)) {
        // Reduced, so equal values have equal parts.
        expect(value, text).toEqual(new Small(Number(n) * (value.n < 0 ? -1 : 1), Number(d)));
      } else {
        expect(value, text).toBeInstanceOf(Big);
      }
    }
  });

  it("reads exponents only in decimalToNum, and refuses absurd scales", () => {
    expect(toExactString(decimalToNum("2.5e-3")!)).toBe("1/400");
    expect(toExactString(decimalToNum("-1.5E3")!)).toBe("-1500");
    expect(plainDecimalToNum("1e3")).toBeUndefined();
    for (const bad of ["", "-", ".5", "1.", "1..2", "1.2.3", "+1", "1,000", " 1", "0x10", "1e", "e3"]) {
      expect(decimalToNum(bad), bad).toBeUndefined();
      expect(plainDecimalToNum(bad), bad).toBeUndefined();
    }
    expect(() => decimalToNum("1e99999")).toThrow(NumberRangeError);
    expect(() => plainDecimalToNum(`0.${"1".repeat(10_001)}`)).toThrow(NumberRangeError);
  });

  it("never gives a negative zero", () => {
    for (const text of ["-0", "-0.00", "-0e5"]) {
      expect(decimalToNum(text), text).toEqual(new Small(0, 1));
    }
  });

  it("reads the artifact's n/d spelling and decimals with parseExact, and writes n/d back", () => {
    expect(toExactString(parseExact("-6/4"))).toBe("-3/2");
    expect(toExactString(parseExact("99999.99"))).toBe("9999999/100");
    expect(toExactString(parseExact("123456789012345678901234567890/3"))).toBe("41152263004115226300411522630");
    expect(() => parseExact("1/0")).toThrow(/zero denominator/);
    expect(() => parseExact("1e3")).toThrow(/invalid exact number/);
  });
});
