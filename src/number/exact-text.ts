// The text forms of exact numbers: the artifact's "n/d" spelling, decimal
// text as data files write it, and decimals for people. Every value is read
// from its digits, never through a binary float. Decimals of up to 15
// digits (every amount a partner file holds) are read straight into a Small
// with no BigInt; longer ones go through BigInt.

import { Big, fromRatio, gcd, parseRatio, ratioString, reduced, Small, formatFixed, type Num } from "./rational.js";

/** A plain decimal as PPL reads it from CSV: optional `-`, digits, optional `.` and digits. */
export const PLAIN_DECIMAL = /^-?[0-9]+(?:\.[0-9]+)?$/;

/** A JSON number (RFC 8259 grammar). */
export const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

const DECIMAL_TEXT = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

// A JSON number such as 1e999999999 would need a billion-digit BigInt: refuse
// scales beyond this instead of hanging the run.
export const MAX_DECIMAL_SCALE = 10_000;

/** Why a number's text cannot be read exactly. Its message never holds the text: it may be confidential. */
export class NumberRangeError extends Error {}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * The exact value of a decimal text (`99999.99`, `-2.50`, `1.5e3`: optional
 * `-`, digits, optional `.` and digits, optional exponent) divided by
 * 10^shift, reduced; undefined when the text is not one. Throws
 * NumberRangeError past MAX_DECIMAL_SCALE.
 */
export function decimalToNum(text: string, shift = 0): Num | undefined {
  return readDecimal(text, shift, true);
}

/** As decimalToNum, for a plain decimal only (no exponent), as CSV cells write numbers. */
export function plainDecimalToNum(text: string, shift = 0): Num | undefined {
  return readDecimal(text, shift, false);
}

function readDecimal(text: string, shift: number, exponent: boolean): Num | undefined {
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
      break;
    }
  }
  if (index === digitsStart) return undefined;
  if (index < length) return exponent ? bigDecimal(text, shift) : undefined;
  const scale = (point === -1 ? 0 : length - point - 1) + shift;
  const digitCount = length - digitsStart - (point === -1 ? 0 : 1);
  // 15 digits and 10^15 are safe integers, and so is every step above.
  if (digitCount > 15 || scale >= POWERS_OF_TEN.length) return bigDecimal(text, shift);
  if (digitsStart === 1) numerator = -numerator;
  if (numerator === 0) return new Small(0, 1);
  if (scale === 0) return new Small(numerator, 1);
  const denominator = POWERS_OF_TEN[scale]!;
  const divisor = gcd(numerator, denominator);
  return new Small(numerator / divisor, denominator / divisor);
}

function bigDecimal(text: string, shift: number): Num | undefined {
  const match = DECIMAL_TEXT.exec(text);
  if (match === null) return undefined;
  const [, sign, whole, fraction = "", exponentText = "0"] = match;
  const exponent = Number(exponentText);
  const scale = fraction.length - exponent + shift;
  if (!Number.isSafeInteger(exponent) || Math.abs(scale) > MAX_DECIMAL_SCALE) {
    throw new NumberRangeError("the number is too large or too precise to read");
  }
  const digits = BigInt(sign! + whole! + fraction);
  return scale >= 0 ? fromRatio(digits, 10n ** BigInt(scale)) : fromRatio(digits * 10n ** BigInt(-scale), 1n);
}

/**
 * Parses a plain decimal as CSV data allows it: optional "-", digits,
 * optional "." and digits. Returns undefined for anything else
 * ("1,000", "1e3", ".5", "25k") and for a text too long to read exactly.
 */
export function parseDecimal(text: string): Num | undefined {
  return PLAIN_DECIMAL.test(text) ? readOrUndefined(text) : undefined;
}

/**
 * Parses the text of a JSON number exactly as written ("99999.99",
 * "2.5e-3"). Returns undefined if the text is not a JSON number or its
 * exponent is absurd.
 */
export function parseJsonNumberText(text: string): Num | undefined {
  return JSON_NUMBER.test(text) ? readOrUndefined(text) : undefined;
}

function readOrUndefined(text: string): Num | undefined {
  try {
    return decimalToNum(text);
  } catch (error) {
    if (error instanceof NumberRangeError) return undefined;
    throw error;
  }
}

/**
 * Parses an exact number as the artifact writes it, "n/d" or "n" (optionally
 * negative), or an exact decimal ("99999.99", "-5", "0.005"): the way to
 * build a record's number from text. Throws on anything else: artifact text
 * is produced by the compiler, so a bad string is a broken artifact.
 */
export function parseExact(text: string): Num {
  const ratio = parseRatio(text);
  if (ratio !== undefined) return fromRatio(ratio.n, ratio.d);
  if (/^-?[0-9]+\/0+$/.test(text)) throw new Error(`invalid exact number "${text}": zero denominator`);
  const decimal = parseDecimal(text);
  if (decimal === undefined) throw new Error(`invalid exact number "${text}"`);
  return decimal;
}

/** The artifact spelling: reduced "n/d", or "n" for an integer, never "-0". */
export function toExactString(x: Num): string {
  return ratioString(x instanceof Small ? { n: BigInt(x.n), d: BigInt(x.d) } : x);
}

/**
 * x as a decimal string for people: exact when it terminates within
 * `maxDigits` fraction digits, otherwise rounded there (the caller says so).
 */
export function formatDecimal(x: Num, maxDigits = 10): { text: string; exact: boolean } {
  const { n, d } = x instanceof Big ? x : reduced(x);
  let scaled = n;
  for (let digits = 0; digits <= maxDigits; digits++) {
    if (scaled % d === 0n) return { text: formatFixed(x, digits, "half_up"), exact: true };
    scaled *= 10n;
  }
  const text = formatFixed(x, maxDigits, "half_even").replace(/\.?0+$/, "");
  return { text: text === "-0" ? "0" : text, exact: false };
}
