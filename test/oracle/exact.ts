// The oracle's exact arithmetic: fraction.js with BigInt, independent of the
// evaluator's number module (src/number), plus the record boundary of
// src/runtime/exact.ts (parsing and writing numbers), which it re-exports.

import Fraction from "fraction.js";
import { checkExactSize } from "../../src/number/exact-size.js";
import type { Exact, RoundingMode } from "../../src/runtime/exact.js";
import { parseExact } from "../../src/runtime/exact.js";

export * from "../../src/runtime/exact.js";

const ZERO_N = 0n;
const ONE_N = 1n;
const TEN_N = 10n;

export const ONE: Exact = new Fraction(1n, 1n);

// Artifact constants repeat for every partner; parse each string once.
const constantCache = new Map<string, Exact>();
const CONSTANT_CACHE_LIMIT = 10_000;

/** parseExact, memoized: for constants in the artifact, not for partner data. */
export function exactConstant(text: string): Exact {
  let value = constantCache.get(text);
  if (value === undefined) {
    value = parseExact(text);
    if (constantCache.size >= CONSTANT_CACHE_LIMIT) constantCache.clear();
    constantCache.set(text, value);
  }
  return value;
}

// Results past the size limit of exact-size.ts throw ExactSizeError.
function sized(x: Exact): Exact {
  checkExactSize(x.n, x.d);
  return x;
}

export function add(a: Exact, b: Exact): Exact {
  return sized(a.add(b));
}

export function sub(a: Exact, b: Exact): Exact {
  return sized(a.sub(b));
}

export function mul(a: Exact, b: Exact): Exact {
  return sized(a.mul(b));
}

/** a / b, or undefined when b is zero (PPL makes that missing). */
export function div(a: Exact, b: Exact): Exact | undefined {
  return b.n === ZERO_N ? undefined : sized(a.div(b));
}

export function neg(a: Exact): Exact {
  return a.neg();
}

export function abs(a: Exact): Exact {
  return a.abs();
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: Exact, b: Exact): -1 | 0 | 1 {
  const c = a.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

export function isZero(a: Exact): boolean {
  return a.n === ZERO_N;
}

export function isInteger(a: Exact): boolean {
  return a.d === ONE_N;
}

export function minOf(a: Exact, b: Exact): Exact {
  return compare(a, b) <= 0 ? a : b;
}

export function maxOf(a: Exact, b: Exact): Exact {
  return compare(a, b) >= 0 ? a : b;
}

/** Rounds |n|/d to an integer, ties as the mode says (half_up: away from zero). */
function roundMagnitude(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d;
  const twiceRemainder = (n % d) * 2n;
  if (twiceRemainder > d) return q + ONE_N;
  if (twiceRemainder < d) return q;
  if (mode === "half_up") return q + ONE_N;
  return q % 2n === ZERO_N ? q : q + ONE_N;
}

/** x rounded to `digits` decimal digits (negative: to tens, hundreds, ...). */
export function round(x: Exact, digits: number, mode: RoundingMode): Exact {
  if (!Number.isSafeInteger(digits)) throw new Error(`round needs integer digits, got ${digits}`);
  const scale = TEN_N ** BigInt(Math.abs(digits));
  if (digits >= 0) {
    const scaled = roundMagnitude(x.n * scale, x.d, mode);
    return new Fraction(x.s * scaled, scale);
  }
  const scaled = roundMagnitude(x.n, x.d * scale, mode);
  return new Fraction(x.s * scaled * scale, ONE_N);
}
