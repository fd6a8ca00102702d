// Exact numbers read from data files. Every value is built from its decimal
// text with BigInt digits, so no binary float ever stands between the file
// and the Fraction.
import Fraction from "fraction.js";
import { gcd, parseRatio } from "../number/rational.js";

/** A plain decimal as PPL reads it from CSV: optional `-`, digits, optional `.` and digits. */
export const PLAIN_DECIMAL = /^-?[0-9]+(?:\.[0-9]+)?$/;

/** A JSON number (RFC 8259 grammar). */
export const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

// A JSON number such as 1e999999999 would need a billion-digit BigInt: refuse
// scales beyond this instead of hanging the run.
export const MAX_DECIMAL_SCALE = 10_000;

/** Why a number's text cannot be read exactly. Its message never holds the text: it may be confidential. */
export class NumberRangeError extends Error {}

/**
 * The exact value of a decimal or JSON-number text (`99999.99`, `-2.50`,
 * `1.5e3`). The caller has already checked the text against a grammar.
 */
export function decimalTextToFraction(text: string): Fraction {
  const match = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (match === null) throw new Error(`not a decimal number: ${text}`);
  const [, sign, whole, fraction = "", exponentText = "0"] = match;
  const exponent = Number(exponentText);
  const scale = fraction.length - exponent;
  if (!Number.isSafeInteger(exponent) || Math.abs(scale) > MAX_DECIMAL_SCALE) {
    throw new NumberRangeError("the number is too large or too precise to read");
  }
  const digits = BigInt(sign + whole + fraction);
  return scale >= 0 ? new Fraction(digits, 10n ** BigInt(scale)) : new Fraction(digits * 10n ** BigInt(-scale), 1n);
}

/**
 * The exact value of a plain decimal (optional `-`, digits, optional `.` and
 * digits) divided by 10^shift, or undefined when the text is not one. Up to 15 digits the
 * numerator and denominator are reduced as doubles, which hold such integers
 * exactly; longer texts go through BigInt.
 */
export function plainDecimalToFraction(text: string, shift = 0): Fraction | undefined {
  const length = text.length;
  let index = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const digitsStart = index;
  let point = -1;
  let numerator = 0;
  for (; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      numerator = numerator * 10 + (code - 48);
    } else if (code === 46 /* . */ && point === -1 && index > digitsStart && index < length - 1) {
      point = index;
    } else {
      return undefined;
    }
  }
  if (index === digitsStart) return undefined;
  const scale = (point === -1 ? 0 : length - point - 1) + shift;
  const digitCount = length - digitsStart - (point === -1 ? 0 : 1);
  if (digitCount > 15 || scale > 15) return decimalTextToFraction(shift === 0 ? text : `${text}e-${shift}`);
  const negative = digitsStart === 1 && numerator !== 0;
  let denominator = 1;
  if (scale > 0) {
    denominator = 10 ** scale;
    const divisor = gcd(numerator, denominator);
    numerator /= divisor;
    denominator /= divisor;
  }
  return reducedFraction(negative, numerator, denominator);
}

/**
 * A Fraction from an already reduced numerator and denominator, built as
 * fraction.js builds its own results (own s, n, d as BigInt, in that order),
 * which skips its argument parsing and BigInt gcd: most of the cost of
 * reading a number.
 */
function reducedFraction(negative: boolean, numerator: number, denominator: number): Fraction {
  const fraction = Object.create(Fraction.prototype) as { s: bigint; n: bigint; d: bigint };
  fraction.s = negative ? -1n : 1n;
  fraction.n = BigInt(numerator);
  fraction.d = BigInt(denominator);
  return fraction as unknown as Fraction;
}

/** The exact value of an artifact's exact string, `"n/d"` or `"n"`. */
export function exactStringToFraction(exact: string): Fraction {
  const value = parseRatio(exact);
  if (value === undefined) throw new Error(`not an exact number string: ${exact}`);
  return new Fraction(value.n, value.d);
}

/**
 * The nearest binary float of a decimal text. `Number()` rounds decimal text
 * correctly; values beyond the float range are clamped so they stay numbers.
 */
export function decimalTextToFloat(text: string): number {
  const value = Number(text);
  if (value === Infinity) return Number.MAX_VALUE;
  if (value === -Infinity) return -Number.MAX_VALUE;
  return value;
}
