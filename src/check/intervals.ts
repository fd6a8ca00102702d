// Closed intervals of exact rationals with infinite ends, for the range
// analysis (src/check/ranges.ts). An interval holds every value an expression
// can take (a superset is fine: the analysis only claims what no value in the
// interval could do). Ends are the number module's exact rationals; `null` is
// -infinity as a low end and +infinity as a high end. Ends that grow past
// MAX_END_BITS are rounded outward, so a chain of squarings stays cheap.

import * as q from "../number/rational.js";
import { Big, type Num, type Ratio } from "../number/rational.js";

export interface Interval {
  /** The least value, or null for -infinity. */
  readonly lo: Num | null;
  /** The greatest value, or null for +infinity. */
  readonly hi: Num | null;
}

export const EVERY_NUMBER: Interval = { lo: null, hi: null };

export function fromRatio(value: Ratio): Num {
  // Adding zero gives the number module's own representation (Small when it fits).
  return q.add(q.ZERO, new Big(value.n, value.d));
}

export function point(value: Num): Interval {
  return { lo: value, hi: value };
}

/** A literal's value, its ends rounded outward when its digits are past MAX_END_BITS (a 200-digit literal). */
export function literal(value: Num): Interval {
  return { lo: roundDown(value), hi: roundUp(value) };
}

/** An extended end: a finite number or an infinity of a sign. */
type End = { kind: "finite"; value: Num } | { kind: "infinite"; sign: -1 | 1 };

const lowEnd = (lo: Num | null): End => (lo === null ? { kind: "infinite", sign: -1 } : { kind: "finite", value: lo });
const highEnd = (hi: Num | null): End => (hi === null ? { kind: "infinite", sign: 1 } : { kind: "finite", value: hi });

function endSign(end: End): -1 | 0 | 1 {
  return end.kind === "infinite" ? end.sign : q.sign(end.value);
}

function compareEnds(a: End, b: End): number {
  if (a.kind === "infinite" || b.kind === "infinite") {
    const x = a.kind === "infinite" ? a.sign * 2 : 0;
    const y = b.kind === "infinite" ? b.sign * 2 : 0;
    if (x !== 0 || y !== 0) return Math.sign(x - y);
  }
  return q.compare((a as { value: Num }).value, (b as { value: Num }).value);
}

/** a × b where a value times zero is zero even at an infinite end: the values themselves are finite. */
function mulEnds(a: End, b: End): End {
  const sa = endSign(a);
  const sb = endSign(b);
  if (sa === 0 || sb === 0) return { kind: "finite", value: q.ZERO };
  if (a.kind === "infinite" || b.kind === "infinite") return { kind: "infinite", sign: (sa * sb) as -1 | 1 };
  return { kind: "finite", value: q.mul(a.value, b.value) };
}

const MAX_END_BITS = 512n;
const LIMIT = 1n << MAX_END_BITS;
const FINE = 1n << 64n;

function bitLength(n: bigint): bigint {
  return BigInt((n < 0n ? -n : n).toString(2).length);
}

/** `value` or a number at least as large with small parts; null (+infinity) for a huge positive value. */
function roundUp(value: Num): Num | null {
  if (!(value instanceof Big) || (value.n < LIMIT && -value.n < LIMIT && value.d < LIMIT)) return value;
  const { n, d } = q.reduced(value);
  if (n < LIMIT && -n < LIMIT && d < LIMIT) return value;
  if (bitLength(n) - bitLength(d) > MAX_END_BITS) return n > 0n ? null : new Big(-LIMIT, 1n);
  // ceil(n/d × 2^64) / 2^64 >= n/d (BigInt division truncates toward zero).
  const scaled = (n * FINE) / d;
  const ceiling = scaled * d < n * FINE ? scaled + 1n : scaled;
  return fromRatio({ n: ceiling, d: FINE });
}

function roundDown(value: Num): Num | null {
  const up = roundUp(q.neg(value));
  return up === null ? null : q.neg(up);
}

function interval(lo: End, hi: End): Interval {
  return {
    lo: lo.kind === "infinite" ? null : roundDown(lo.value),
    hi: hi.kind === "infinite" ? null : roundUp(hi.value),
  };
}

export function add(a: Interval, b: Interval): Interval {
  return {
    lo: a.lo === null || b.lo === null ? null : roundDown(q.add(a.lo, b.lo)),
    hi: a.hi === null || b.hi === null ? null : roundUp(q.add(a.hi, b.hi)),
  };
}

export function neg(a: Interval): Interval {
  return { lo: a.hi === null ? null : q.neg(a.hi), hi: a.lo === null ? null : q.neg(a.lo) };
}

export function sub(a: Interval, b: Interval): Interval {
  return add(a, neg(b));
}

export function mul(a: Interval, b: Interval): Interval {
  const products = [
    mulEnds(lowEnd(a.lo), lowEnd(b.lo)),
    mulEnds(lowEnd(a.lo), highEnd(b.hi)),
    mulEnds(highEnd(a.hi), lowEnd(b.lo)),
    mulEnds(highEnd(a.hi), highEnd(b.hi)),
  ];
  let lo = products[0]!;
  let hi = products[0]!;
  for (const product of products) {
    if (compareEnds(product, lo) < 0) lo = product;
    if (compareEnds(product, hi) > 0) hi = product;
  }
  return interval(lo, hi);
}

/** True when zero lies in the interval. */
export function containsZero(a: Interval): boolean {
  return (a.lo === null || q.sign(a.lo) <= 0) && (a.hi === null || q.sign(a.hi) >= 0);
}

export function isZeroPoint(a: Interval): boolean {
  return a.lo !== null && a.hi !== null && q.isZero(a.lo) && q.isZero(a.hi);
}

/**
 * Every 1/b for b in the interval other than 0 (the caller accounts for a
 * division by zero, which is missing). Undefined when b can only be 0.
 */
export function inverse(b: Interval): Interval | undefined {
  if (isZeroPoint(b)) return undefined;
  const loSign = b.lo === null ? -1 : q.sign(b.lo);
  const hiSign = b.hi === null ? 1 : q.sign(b.hi);
  // 1/x at a finite non-zero end; an infinite end tends to 0.
  const inv = (end: Num | null): Num => (end === null ? q.ZERO : q.inverse(end)!);
  if (loSign >= 0) {
    // b in (0, hi] (or [lo, hi] with lo > 0): 1/b from 1/hi up to 1/lo, unbounded when lo is 0.
    return { lo: inv(b.hi), hi: loSign === 0 ? null : inv(b.lo) };
  }
  if (hiSign <= 0) {
    // b in [lo, 0) (or [lo, hi] with hi < 0): 1/b from 1/hi (or -infinity when hi is 0) up to 1/lo.
    return { lo: hiSign === 0 ? null : inv(b.hi), hi: inv(b.lo) };
  }
  return EVERY_NUMBER;
}

/** The least of several intervals' values: each end is the least of the ends. */
export function least(items: readonly Interval[]): Interval {
  return items.reduce((a, b) => ({ lo: minLow(a.lo, b.lo), hi: minHigh(a.hi, b.hi) }));
}

export function greatest(items: readonly Interval[]): Interval {
  return items.reduce((a, b) => ({ lo: maxLow(a.lo, b.lo), hi: maxHigh(a.hi, b.hi) }));
}

/** The smallest interval holding both. */
export function hull(a: Interval, b: Interval): Interval {
  return { lo: minLow(a.lo, b.lo), hi: maxHigh(a.hi, b.hi) };
}

function minLow(a: Num | null, b: Num | null): Num | null {
  return a === null || b === null ? null : q.compare(a, b) <= 0 ? a : b;
}

function maxLow(a: Num | null, b: Num | null): Num | null {
  return a === null ? b : b === null ? a : q.compare(a, b) >= 0 ? a : b;
}

function minHigh(a: Num | null, b: Num | null): Num | null {
  return a === null ? b : b === null ? a : q.compare(a, b) <= 0 ? a : b;
}

function maxHigh(a: Num | null, b: Num | null): Num | null {
  return a === null || b === null ? null : q.compare(a, b) >= 0 ? a : b;
}

export function abs(a: Interval): Interval {
  if (a.lo !== null && q.sign(a.lo) >= 0) return a;
  if (a.hi !== null && q.sign(a.hi) <= 0) return neg(a);
  const negated = neg(a);
  return { lo: q.ZERO, hi: maxHigh(a.hi, negated.hi) };
}

/** lo < value: some value of a lies below `value`. */
export function someBelow(a: Interval, value: Num): boolean {
  return a.lo === null || q.compare(a.lo, value) < 0;
}

export function someAtMost(a: Interval, value: Num): boolean {
  return a.lo === null || q.compare(a.lo, value) <= 0;
}

export function someAbove(a: Interval, value: Num): boolean {
  return a.hi === null || q.compare(a.hi, value) > 0;
}

export function someAtLeast(a: Interval, value: Num): boolean {
  return a.hi === null || q.compare(a.hi, value) >= 0;
}

/** Compares a low end (null: -infinity) with a high end (null: +infinity). */
export function compareLowHigh(lo: Num | null, hi: Num | null): number {
  if (lo === null || hi === null) return -1;
  return q.compare(lo, hi);
}

/** Some a in A and b in B with a < b (strict) or a <= b. */
export function someLess(a: Interval, b: Interval, strict: boolean): boolean {
  const order = compareLowHigh(a.lo, b.hi);
  return strict ? order < 0 : order <= 0;
}

/** A single finite value, when the interval is one. */
export function singleValue(a: Interval): Num | undefined {
  return a.lo !== null && a.hi !== null && q.compare(a.lo, a.hi) === 0 ? a.lo : undefined;
}

/** The interval's values intersect the other's. */
export function overlaps(a: Interval, b: Interval): boolean {
  return someLess(a, b, false) && someLess(b, a, false);
}

/** Some x in X with some a in A and b in B such that a <= x <= b. */
export function someBetween(x: Interval, low: Interval, high: Interval): boolean {
  return compareLowHigh(maxLow(x.lo, low.lo), minHigh(x.hi, high.hi)) <= 0;
}

/** The part of `a` at or above `value` (undefined when empty). */
export function atLeast(a: Interval, value: Num): Interval | undefined {
  if (!someAtLeast(a, value)) return undefined;
  return { lo: maxLow(a.lo, value), hi: a.hi };
}

/** The part of `a` at or below `value` (undefined when empty). */
export function atMost(a: Interval, value: Num): Interval | undefined {
  if (!someAtMost(a, value)) return undefined;
  return { lo: a.lo, hi: minHigh(a.hi, value) };
}

/**
 * Whether some value of `a` lies in none of the half-open bands [from, to)
 * (null ends infinite): a sweep over the bands sorted by their low end.
 */
export function escapesBands(a: Interval, bands: readonly { from: Num | null; to: Num | null }[]): boolean {
  const sorted = [...bands].sort((x, y) => (x.from === null ? -1 : y.from === null ? 1 : q.compare(x.from, y.from)));
  // `covered` is the least value of `a` not yet known to be in a band: null while it is -infinity.
  let covered: Num | null = a.lo;
  let unbounded = a.lo === null;
  for (const band of sorted) {
    if (band.from !== null && (unbounded || q.compare(band.from, covered!) > 0)) break;
    if (band.to === null) return false;
    if (unbounded || q.compare(band.to, covered!) > 0) {
      covered = band.to;
      unbounded = false;
    }
  }
  // Whatever is left uncovered from `covered` on: does `a` reach it?
  if (unbounded) return true;
  return a.hi === null || q.compare(covered!, a.hi) <= 0;
}
