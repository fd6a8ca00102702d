// Exact rationals for the checker's arithmetic on literals (weights, bands,
// min/max). BigInt keeps sums like 33.3% + 33.3% + 33.4% exact.

export interface Rational {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function reduced(n: bigint, d: bigint): Rational {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

/** Parses "n/d" or "n" (as in NumberLiteral.value); undefined when malformed. */
export function parseRational(text: string | undefined): Rational | undefined {
  if (typeof text !== "string") return undefined;
  const match = /^(-?\d+)(?:\/(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const d = BigInt(match[2] ?? "1");
  if (d === 0n) return undefined;
  return reduced(BigInt(match[1]), d);
}

export const ZERO: Rational = { n: 0n, d: 1n };

export function addRational(a: Rational, b: Rational): Rational {
  return reduced(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function compareRational(a: Rational, b: Rational): number {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function isWhole(a: Rational): boolean {
  return a.d === 1n;
}

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
  return formatRational(reduced(a.n * 100n, a.d)) + "%";
}
