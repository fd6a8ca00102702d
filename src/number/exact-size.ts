// The size limit of exact arithmetic. Exact values grow without bound (each
// squaring doubles the digits), and BigInt work grows faster than the digits:
// a 40-level `a2 = a1 * a1` chain ran for 28 s and then hit V8's BigInt
// limit. Past MAX_EXACT_BITS in a numerator or denominator the value is
// refused: the partner's row is invalid, with the name of the value, and the
// run goes on.

/** Numerators and denominators stay below 2^100,000 (about 30,103 decimal digits). */
export const MAX_EXACT_BITS = 100_000;
const LIMIT = 1n << BigInt(MAX_EXACT_BITS);

export class ExactSizeError extends Error {
  constructor(readonly valueName?: string) {
    super(
      `${valueName === undefined ? "a value" : `the value of ${valueName}`} is too large to compute exactly (over 30,000 digits)`,
    );
    this.name = "ExactSizeError";
  }
}

/** n or d is 2^MAX_EXACT_BITS or more in magnitude. */
export function pastExactSize(n: bigint, d: bigint): boolean {
  return n >= LIMIT || -n >= LIMIT || d >= LIMIT;
}

/** Throws ExactSizeError when n/d is past the limit. */
export function checkExactSize(n: bigint, d: bigint): void {
  if (pastExactSize(n, d)) throw new ExactSizeError();
}

/** The error to rethrow from computing `name`: the innermost value that grew too large gives its name. */
export function namedSizeError(error: unknown, name: string): unknown {
  return error instanceof ExactSizeError && error.valueName === undefined ? new ExactSizeError(name) : error;
}
