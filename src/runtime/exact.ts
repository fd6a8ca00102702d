// Numbers as records hold them: fraction.js Fractions, read from exact text
// and written out through the number module (src/number), which does all of
// PPL's arithmetic. Every path builds fractions from BigInt numerators and
// denominators, so no value ever passes through a binary float (fraction.js
// parses JS numbers approximately, and its decimal string parser is more
// lenient than PPL).

import Fraction from "fraction.js";
import * as q from "../number/rational.js";
import { parseRatio, ratioString, type RoundingMode } from "../number/rational.js";

/** An exact rational number. Immutable by convention: never assign to s, n or d. */
export type Exact = Fraction;

export type { RoundingMode };

const ZERO_N = 0n;
const ONE_N = 1n;
const TEN_N = 10n;

export const ZERO: Exact = new Fraction(0n, 1n);

/** The exact value n/d of two integers (d ≠ 0). */
export function fromRatio(n: bigint, d: bigint = ONE_N): Exact {
  return new Fraction(n, d);
}

/** An exact value from a JS integer; throws on a non-integer, which would be a float. */
export function fromInteger(n: number | bigint): Exact {
  if (typeof n === "number" && !Number.isSafeInteger(n)) {
    throw new Error(`fromInteger needs a safe integer, got ${n}`);
  }
  return new Fraction(BigInt(n), ONE_N);
}

const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;
const JSON_NUMBER_PATTERN = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses an artifact number: "n/d" or "n" (optionally negative), or an exact
 * decimal ("99999.99", "-5", "0.005"). Throws on anything else: artifact text
 * is produced by the compiler, so a bad string is a broken artifact.
 */
export function parseExact(text: string): Exact {
  const ratio = parseRatio(text);
  if (ratio !== undefined) return new Fraction(ratio.n, ratio.d);
  if (/^-?[0-9]+\/0+$/.test(text)) throw new Error(`invalid exact number "${text}": zero denominator`);
  const decimal = parseDecimal(text);
  if (decimal === undefined) throw new Error(`invalid exact number "${text}"`);
  return decimal;
}

/**
 * Parses a plain decimal as CSV data allows it: optional "-", digits,
 * optional "." and digits. Returns undefined for anything else
 * ("1,000", "1e3", ".5", "25k").
 */
export function parseDecimal(text: string): Exact | undefined {
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = ""] = match;
  return decimalParts(sign === "-", whole!, fraction, 0);
}

/**
 * Parses the text of a JSON number exactly as written ("99999.99",
 * "2.5e-3"), never through a binary float. Returns undefined if the text is
 * not a JSON number.
 */
export function parseJsonNumberText(text: string): Exact | undefined {
  const match = JSON_NUMBER_PATTERN.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = "", exponent = "0"] = match;
  const exp = Number(exponent);
  // An absurd exponent would build an enormous BigInt; no partner data needs one.
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 10_000) return undefined;
  return decimalParts(sign === "-", whole!, fraction, exp);
}

function decimalParts(negative: boolean, whole: string, fraction: string, exponent: number): Exact {
  let numerator = BigInt(whole + fraction);
  if (negative) numerator = -numerator;
  const scale = exponent - fraction.length;
  return scale >= 0
    ? new Fraction(numerator * TEN_N ** BigInt(scale), ONE_N)
    : new Fraction(numerator, TEN_N ** BigInt(-scale));
}

/** The artifact spelling: reduced "n/d", or "n" for an integer. */
export function toExactString(x: Exact): string {
  return ratioString({ n: x.s * x.n, d: x.d });
}

/**
 * x as a decimal string with exactly `digits` digits after the point,
 * rounded with `mode` if needed: money "250000.00", JPY "1234". Never "-0.00".
 */
export function formatFixed(x: Exact, digits: number, mode: RoundingMode = "half_up"): string {
  return q.formatFixed(new q.Big(x.s * x.n, x.d), digits, mode);
}

/**
 * x as a decimal string for people: exact when it terminates within
 * `maxDigits` fraction digits, otherwise rounded there (the caller says so).
 */
export function formatDecimal(x: Exact, maxDigits = 10): { text: string; exact: boolean } {
  for (let digits = 0; digits <= maxDigits; digits++) {
    const scaled = x.n * TEN_N ** BigInt(digits);
    if (scaled % x.d === ZERO_N) return { text: formatFixed(x, digits), exact: true };
  }
  const text = formatFixed(x, maxDigits, "half_even").replace(/\.?0+$/, "");
  return { text: text === "-0" ? "0" : text, exact: false };
}

/**
 * The double nearest to x (ties to even), computed from the BigInt
 * numerator and denominator, so that 1/3 gives 0.3333333333333333 and no
 * intermediate decimal string can round twice.
 */
export function toNearestNumber(x: Exact): number {
  return q.toNearestNumber(new q.Big(x.s * x.n, x.d));
}
