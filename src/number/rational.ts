// The one exact number type of PPL, and the one place that defines gcd,
// reduction, the "n/d" spelling of exact numbers and rational comparison.
//
// A number is a `Small` (numerator and
// denominator are JS safe integers) while every step stays exact, and a `Big`
// (BigInt numerator and denominator) from the first step that would not.
// Neither is kept reduced: gcds are paid only when a result would overflow,
// and every result is checked with Number.isSafeInteger, which is sound
// because a product or sum of safe integers whose true value is 2^53 or more
// rounds to a double that is 2^53 or more, never back into the safe range.

import { checkExactSize, pastExactSize } from "./exact-size.js";

export type RoundingMode = "half_up" | "half_even";

/** n/d with n, d safe integers and d > 0; not necessarily reduced. */
export class Small {
  constructor(
    readonly n: number,
    readonly d: number,
  ) {}
}

/** n/d with d > 0n; not necessarily reduced. */
export class Big {
  constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}
}

export type Num = Small | Big;

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE_BIG = -MAX_SAFE_BIG;

export const ZERO = new Small(0, 1);
export const ONE = new Small(1, 1);

export function isNum(value: unknown): value is Num {
  return value instanceof Small || value instanceof Big;
}

function safe(x: number): boolean {
  return Number.isSafeInteger(x);
}

const INT32_MAX = 0x7fffffff;

/** gcd of |a| and |b|, on doubles that are safe integers (0 when both are 0). */
export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  // % on doubles is a call to fmod; on int32 values V8 divides integers, so once both fit the
  // loop goes on in int32. The evaluator's gcds of 20,000 partners of rules/amplify.ppl (8 a
  // partner, replayed): 350-430 ns a partner against 630 on doubles throughout.
  while (a > INT32_MAX || b > INT32_MAX) {
    if (b === 0) return a;
    const t = a % b;
    a = b;
    b = t;
  }
  let x = a | 0;
  let y = b | 0;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** gcd of |a| and |b| (0 when both are 0). */
export function bigGcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function toBig(x: Num): Big {
  return x instanceof Big ? x : new Big(BigInt(x.n), BigInt(x.d));
}

/** Back to Small whenever the parts fit again, so later steps are cheap. */
function fromBigParts(n: bigint, d: bigint): Num {
  if (n <= MAX_SAFE_BIG && n >= MIN_SAFE_BIG && d <= MAX_SAFE_BIG) return new Small(Number(n), Number(d));
  if (pastExactSize(n, d)) {
    // Parts are not kept reduced: only the reduced value counts against the limit.
    const g = bigGcd(n, d);
    checkExactSize(n / g, d / g);
    return new Big(n / g, d / g);
  }
  return new Big(n, d);
}

function reduceSmall(x: Small): Small {
  const g = gcd(x.n, x.d);
  return g === 1 || g === 0 ? x : new Small(x.n / g, x.d / g);
}

export function fromInteger(n: number): Small {
  if (!safe(n)) throw new Error(`fromInteger needs a safe integer, got ${n}`);
  return new Small(n, 1);
}

/** The exact value n/d of two integers (d ≠ 0), reduced; Small when it fits. */
export function fromRatio(n: bigint, d: bigint = 1n): Num {
  const r = ratio(n, d);
  if (r.n <= MAX_SAFE_BIG && r.n >= MIN_SAFE_BIG && r.d <= MAX_SAFE_BIG) return new Small(Number(r.n), Number(r.d));
  return new Big(r.n, r.d);
}

/** n/d of two safe integers (d > 0), reduced. */
export function fromSafeParts(n: number, d: number): Small {
  return reduceSmall(new Small(n, d));
}

export function add(a: Num, b: Num): Num {
  if (a instanceof Small && b instanceof Small) {
    if (a.d === b.d) {
      const n = a.n + b.n;
      if (safe(n)) return new Small(n, a.d);
    } else {
      const p = a.n * b.d;
      const q = b.n * a.d;
      const d = a.d * b.d;
      const n = p + q;
      if (safe(p) && safe(q) && safe(d) && safe(n)) return new Small(n, d);
      // Over the lcm of the denominators, which is often much smaller than their product.
      const g = gcd(a.d, b.d);
      const bd = b.d / g;
      const ad = a.d / g;
      const p2 = a.n * bd;
      const q2 = b.n * ad;
      const d2 = a.d * bd;
      const n2 = p2 + q2;
      if (safe(p2) && safe(q2) && safe(d2) && safe(n2)) return new Small(n2, d2);
    }
  }
  const x = toBig(a);
  const y = toBig(b);
  return x.d === y.d ? fromBigParts(x.n + y.n, x.d) : fromBigParts(x.n * y.d + y.n * x.d, x.d * y.d);
}

export function neg(a: Num): Num {
  return a instanceof Small ? new Small(-a.n, a.d) : new Big(-a.n, a.d);
}

export function sub(a: Num, b: Num): Num {
  return add(a, neg(b));
}

export function mul(a: Num, b: Num): Num {
  if (a instanceof Small && b instanceof Small) {
    const n = a.n * b.n;
    const d = a.d * b.d;
    if (safe(n) && safe(d)) return new Small(n, d);
    // Cancel common factors across the product before giving up on doubles.
    const x = reduceSmall(a);
    const y = reduceSmall(b);
    const g1 = gcd(x.n, y.d);
    const g2 = gcd(y.n, x.d);
    // Denominators are positive, so neither gcd is 0.
    const n2 = (x.n / g1) * (y.n / g2);
    const d2 = (x.d / g2) * (y.d / g1);
    if (safe(n2) && safe(d2)) return new Small(n2, d2);
  }
  const x = toBig(a);
  const y = toBig(b);
  return fromBigParts(x.n * y.n, x.d * y.d);
}

/** 1/a, or undefined for zero. */
export function inverse(a: Num): Num | undefined {
  if (a instanceof Small) {
    if (a.n === 0) return undefined;
    return a.n < 0 ? new Small(-a.d, -a.n) : new Small(a.d, a.n);
  }
  if (a.n === 0n) return undefined;
  return a.n < 0n ? new Big(-a.d, -a.n) : new Big(a.d, a.n);
}

/** a / b, or undefined when b is zero (PPL makes that missing). */
export function div(a: Num, b: Num): Num | undefined {
  const inv = inverse(b);
  return inv === undefined ? undefined : mul(a, inv);
}

export function isZero(a: Num): boolean {
  return a instanceof Small ? a.n === 0 : a.n === 0n;
}

export function sign(a: Num): -1 | 0 | 1 {
  if (a instanceof Small) return a.n > 0 ? 1 : a.n < 0 ? -1 : 0;
  return a.n > 0n ? 1 : a.n < 0n ? -1 : 0;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: Num, b: Num): -1 | 0 | 1 {
  if (a instanceof Small && b instanceof Small) {
    if (a.d === b.d) return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
    // n/d of two exact doubles is correctly rounded and rounding is monotone,
    // so distinct quotients order the exact values; only a tie needs more work.
    const x = a.n / a.d;
    const y = b.n / b.d;
    if (x < y) return -1;
    if (x > y) return 1;
    const p = a.n * b.d;
    const q = b.n * a.d;
    if (safe(p) && safe(q)) return p < q ? -1 : p > q ? 1 : 0;
  }
  return compareRatios(toBig(a), toBig(b));
}

export function isInteger(a: Num): boolean {
  return a instanceof Small ? a.n % a.d === 0 : a.n % a.d === 0n;
}

/** The integer value of an integral a, as a JS number (may be inexact past 2^53). */
export function integerValue(a: Num): number {
  return a instanceof Small ? a.n / a.d : Number(a.n / a.d);
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** The integer nearest to n/d (n >= 0 and d > 0 safe integers), ties as the mode says. */
function roundQuotient(n: number, d: number, mode: RoundingMode): number {
  // fmod is exact, so n - r is an exact multiple of d and the division below is exact too.
  const r = n % d;
  const q = (n - r) / d;
  const twice = r * 2;
  if (twice > d) return q + 1;
  if (twice < d) return q;
  if (mode === "half_up") return q + 1;
  return q % 2 === 0 ? q : q + 1;
}

/** x rounded to `digits` decimal digits (negative: to tens, hundreds, ...), ties as `mode` says. */
export function round(x: Num, digits: number, mode: RoundingMode): Num {
  if (x instanceof Small && digits >= 0 && digits < POWERS_OF_TEN.length) {
    const scale = POWERS_OF_TEN[digits]!;
    const magnitude = Math.abs(x.n) * scale;
    if (safe(magnitude)) {
      const q = roundQuotient(magnitude, x.d, mode);
      return new Small(x.n < 0 ? -q : q, scale);
    }
  }
  if (!Number.isSafeInteger(digits)) throw new Error(`round needs integer digits, got ${digits}`);
  const b = toBig(x);
  const negative = b.n < 0n;
  const magnitude = negative ? -b.n : b.n;
  const scale = 10n ** BigInt(Math.abs(digits));
  if (digits >= 0) {
    const rounded = roundBigQuotient(magnitude * scale, b.d, mode);
    return fromBigParts(negative ? -rounded : rounded, scale);
  }
  const rounded = roundBigQuotient(magnitude, b.d * scale, mode) * scale;
  return fromBigParts(negative ? -rounded : rounded, 1n);
}

function roundBigQuotient(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d;
  const twice = (n % d) * 2n;
  if (twice > d) return q + 1n;
  if (twice < d) return q;
  if (mode === "half_up") return q + 1n;
  return q % 2n === 0n ? q : q + 1n;
}

/**
 * x as a decimal string with exactly `digits` digits after the point, as
 * "250000.00", never "-0.00".
 */
export function formatFixed(x: Num, digits: number, mode: RoundingMode = "half_up"): string {
  if (x instanceof Small && digits >= 0 && digits < POWERS_OF_TEN.length) {
    const scale = POWERS_OF_TEN[digits]!;
    // Exact already (money rounded to the minor unit): no division needed.
    if (x.d === scale) return fixedText(x.n < 0, Math.abs(x.n), digits, scale);
    const scaledN = Math.abs(x.n) * scale;
    if (safe(scaledN)) {
      const magnitude = roundQuotient(scaledN, x.d, mode);
      if (safe(magnitude)) return fixedText(x.n < 0, magnitude, digits, scale);
    }
  }
  if (!Number.isSafeInteger(digits) || digits < 0) throw new Error(`formatFixed needs digits >= 0, got ${digits}`);
  const b = toBig(x);
  const negative = b.n < 0n;
  const scale = 10n ** BigInt(digits);
  const magnitude = roundBigQuotient((negative ? -b.n : b.n) * scale, b.d, mode);
  const signText = negative && magnitude !== 0n ? "-" : "";
  if (digits === 0) return signText + magnitude.toString();
  const text = magnitude.toString().padStart(digits + 1, "0");
  return `${signText}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

// ".00" to ".99" and the like, made on first use for money's usual 1 to 3 digits.
const FRACTION_TEXTS: (string[] | undefined)[] = [];

/** A safe integer count of 10^-digits (scale = 10^digits) as fixed-point text, on doubles only. */
function fixedText(negative: boolean, magnitude: number, digits: number, scale: number): string {
  const signText = negative && magnitude !== 0 ? "-" : "";
  if (digits === 0) return signText + String(magnitude);
  // fmod is exact, so the whole part is too; scale + fraction keeps the fraction's leading zeros.
  const fraction = magnitude % scale;
  const whole = (magnitude - fraction) / scale;
  if (digits > 3) return `${signText}${whole}.${String(scale + fraction).slice(1)}`;
  const texts = (FRACTION_TEXTS[digits] ??= Array.from({ length: scale }, (_, i) => `.${String(scale + i).slice(1)}`));
  return signText + whole + texts[fraction]!;
}

/** The double nearest to x (ties to even), so that 1/3 gives 0.3333333333333333. */
export function toNearestNumber(x: Num): number {
  // One IEEE division of two exact doubles is correctly rounded; +0 for any zero.
  if (x instanceof Small) return x.n === 0 ? 0 : x.n / x.d;
  const negative = x.n < 0n;
  const magnitude = nearestMagnitude(negative ? -x.n : x.n, x.d);
  return negative ? -magnitude : magnitude;
}

/** The bit length of n > 0, from its hexadecimal digits (a quarter as many as binary ones). */
function bitLength(n: bigint): number {
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + 32 - Math.clz32(parseInt(hex[0]!, 16));
}

/**
 * The double nearest to n/d (n >= 0, d > 0, ties to even), computed from the
 * BigInt parts so no intermediate decimal string can round twice; needs no
 * reduced fraction.
 */
function nearestMagnitude(n: bigint, d: bigint): number {
  if (n === 0n) return 0;
  // n/(d·2^e) lies in (2^52, 2^54) for this e; step up once if it reached 2^53.
  let e = bitLength(n) - bitLength(d) - 53;
  const top = e + 53;
  if (top >= 0 ? n >= d << BigInt(top) : n << BigInt(-top) >= d) e += 1;
  e = Math.max(e, -1074);
  const numerator = e < 0 ? n << BigInt(-e) : n;
  const denominator = e > 0 ? d << BigInt(e) : d;
  let quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && (quotient & 1n) === 1n)) quotient += 1n;
  // quotient ≤ 2^53 is exact as a double; scaling by a power of two is exact unless it overflows.
  let result = Number(quotient);
  let remaining = e;
  while (remaining > 1000) {
    result *= 2 ** 1000;
    remaining -= 1000;
  }
  while (remaining < -1000) {
    result *= 2 ** -1000;
    remaining += 1000;
  }
  return result * 2 ** remaining;
}

/** Reduced parts, for tests and debugging. */
export function reduced(x: Num): { n: bigint; d: bigint } {
  const b = toBig(x);
  return ratio(b.n, b.d);
}

/** A rational as BigInt parts with d > 0, e.g. a literal's value in the checker. */
export interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}

/** n/d reduced, with the sign in n; throws on d = 0 (an internal error: callers check). */
export function ratio(n: bigint, d: bigint): Ratio {
  if (d === 0n) throw new Error("a ratio needs a denominator other than 0");
  if (d < 0n) [n, d] = [-n, -d];
  const g = bigGcd(n, d);
  return g === 1n || g === 0n ? { n, d } : { n: n / g, d: d / g };
}

const RATIO_TEXT = /^(-?)([0-9]+)(?:\/([0-9]+))?$/;

/** The value of an exact number as the artifact and the AST spell it, "n" or "-n/d"; undefined when malformed. */
export function parseRatio(text: string): Ratio | undefined {
  const match = RATIO_TEXT.exec(text);
  if (match === null) return undefined;
  const [, sign, numerator, denominator] = match;
  const d = denominator === undefined ? 1n : BigInt(denominator);
  if (d === 0n) return undefined;
  const n = BigInt(numerator!);
  return ratio(sign === "-" ? -n : n, d);
}

/** The artifact's spelling of a value: reduced "n/d", or "n" for an integer, never "-0". */
export function ratioString(value: Ratio): string {
  const { n, d } = ratio(value.n, value.d);
  return d === 1n ? `${n}` : `${n}/${d}`;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b (neither needs to be reduced). */
export function compareRatios(a: Ratio, b: Ratio): -1 | 0 | 1 {
  return compareParts(a.n, a.d, b.n, b.d);
}

/** compareRatios on loose parts: an/ad against bn/bd, with ad, bd > 0. */
export function compareParts(an: bigint, ad: bigint, bn: bigint, bd: bigint): -1 | 0 | 1 {
  const p = an * bd;
  const q = bn * ad;
  return p < q ? -1 : p > q ? 1 : 0;
}
