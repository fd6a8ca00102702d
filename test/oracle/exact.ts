// The oracle's exact arithmetic: fraction.js with BigInt, independent of the
// evaluator's arithmetic (src/number/rational.ts). Values cross the boundary
// as the Num that records and results hold; every operation is done by
// fraction.js and its (reduced) result converted back. Reading and writing
// numbers' text is the number module's (re-exported here).

import Fraction from "fraction.js";
import { checkExactSize } from "../../src/number/exact-size.js";
import { parseExact } from "../../src/number/exact-text.js";
import { Big, Small, type Num, type RoundingMode } from "../../src/number/rational.js";

export {
  formatDecimal,
  parseDecimal,
  parseExact,
  parseJsonNumberText,
  toExactString,
} from "../../src/number/exact-text.js";
export { formatFixed, toNearestNumber } from "../../src/number/rational.js";

export type Exact = Num;
export type { RoundingMode };

const ZERO_N = 0n;
const ONE_N = 1n;
const TEN_N = 10n;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** A Num as a fraction.js Fraction (which reduces it). */
export function toFraction(x: Num): Fraction {
  return x instanceof Small ? new Fraction(BigInt(x.n), BigInt(x.d)) : new Fraction(x.n, x.d);
}

/** A (reduced) Fraction as a Num: Small when both parts are safe integers. */
export function fromFraction(f: Fraction): Num {
  if (f.n <= MAX_SAFE_BIG && f.d <= MAX_SAFE_BIG) return new Small(Number(f.s * f.n), Number(f.d));
  return new Big(f.s * f.n, f.d);
}

export function fromRatio(n: bigint, d: bigint = ONE_N): Exact {
  return fromFraction(new Fraction(n, d));
}

export function fromInteger(n: number | bigint): Exact {
  if (typeof n === "number" && !Number.isSafeInteger(n)) throw new Error(`fromInteger needs a safe integer, got ${n}`);
  return fromRatio(BigInt(n));
}

export const ZERO: Exact = new Small(0, 1);
export const ONE: Exact = new Small(1, 1);

// Artifact constants repeat for every partner; parse each string once.
const constantCache = new Map<string, Exact>();
const CONSTANT_CACHE_LIMIT = 10_000;

/** parseExact, memoized: for constants in the artifact, not for partner data. */
export function exactConstant(text: string): Exact {
  let value = constantCache.get(text);
  if (value === undefined) {
    value = fromFraction(toFraction(parseExact(text)));
    if (constantCache.size >= CONSTANT_CACHE_LIMIT) constantCache.clear();
    constantCache.set(text, value);
  }
  return value;
}

// Results past the size limit of exact-size.ts throw ExactSizeError.
function sized(x: Fraction): Exact {
  checkExactSize(x.n, x.d);
  return fromFraction(x);
}

export function add(a: Exact, b: Exact): Exact {
  return sized(toFraction(a).add(toFraction(b)));
}

export function sub(a: Exact, b: Exact): Exact {
  return sized(toFraction(a).sub(toFraction(b)));
}

export function mul(a: Exact, b: Exact): Exact {
  return sized(toFraction(a).mul(toFraction(b)));
}

/** a / b, or undefined when b is zero (PPL makes that missing). */
export function div(a: Exact, b: Exact): Exact | undefined {
  const divisor = toFraction(b);
  return divisor.n === ZERO_N ? undefined : sized(toFraction(a).div(divisor));
}

export function neg(a: Exact): Exact {
  return fromFraction(toFraction(a).neg());
}

export function abs(a: Exact): Exact {
  return fromFraction(toFraction(a).abs());
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: Exact, b: Exact): -1 | 0 | 1 {
  const c = toFraction(a).compare(toFraction(b));
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

export function isZero(a: Exact): boolean {
  return toFraction(a).n === ZERO_N;
}

export function isInteger(a: Exact): boolean {
  return toFraction(a).d === ONE_N;
}

/** The integer value of an integral a. */
export function integerOf(a: Exact): number {
  const f = toFraction(a);
  return Number(f.s * f.n);
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
export function round(value: Exact, digits: number, mode: RoundingMode): Exact {
  if (!Number.isSafeInteger(digits)) throw new Error(`round needs integer digits, got ${digits}`);
  const x = toFraction(value);
  const scale = TEN_N ** BigInt(Math.abs(digits));
  if (digits >= 0) {
    const scaled = roundMagnitude(x.n * scale, x.d, mode);
    return fromFraction(new Fraction(x.s * scaled, scale));
  }
  const scaled = roundMagnitude(x.n, x.d * scale, mode);
  return fromFraction(new Fraction(x.s * scaled * scale, ONE_N));
}
