// The checker's arithmetic on literals (weights, bands, min/max), on the
// BigInt ratios of src/number: sums like 33.3% + 33.3% + 33.4% stay exact.

import { compareRatios, parseRatio, ratio, type Ratio } from "../number/rational.js";

export type Rational = Ratio;

/** Parses "n/d" or "n" (as in NumberLiteral.value); undefined when malformed. */
export function parseRational(text: string | undefined): Rational | undefined {
  return typeof text === "string" ? parseRatio(text.trim()) : undefined;
}

export const ZERO: Rational = { n: 0n, d: 1n };

export function addRational(a: Rational, b: Rational): Rational {
  return ratio(a.n * b.d + b.n * a.d, a.d * b.d);
}

export const compareRational = compareRatios;

/** Decimal text when the expansion terminates (at most 12 digits), else "n/d". */
export function formatRational(a: Rational): string {
  let d = a.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) [d, twos] = [d / 2n, twos + 1];
  while (d % 5n === 0n) [d, fives] = [d / 5n, fives + 1];
  const digits = Math.max(twos, fives);
  if (d !== 1n || digits > 12) return `${a.n}/${a.d}`;
  const scaled = (a.n * 10n ** BigInt(digits)) / a.d;
  const negative = scaled < 0n;
  const text = (negative ? -scaled : scaled).toString().padStart(digits + 1, "0");
  const whole = text.slice(0, text.length - digits);
  const fraction = digits > 0 ? "." + text.slice(text.length - digits) : "";
  return (negative ? "-" : "") + whole + fraction;
}

/** The value as a percentage, e.g. 9/10 → "90%". */
export function formatPercent(a: Rational): string {
  return formatRational(ratio(a.n * 100n, a.d)) + "%";
}
