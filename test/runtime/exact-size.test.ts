import { describe, expect, it } from "vitest";
import * as exact from "../oracle/exact.js";
import { ExactSizeError, MAX_EXACT_BITS } from "../../src/number/exact-size.js";
import * as q from "../../src/number/rational.js";

const HALF = 1n << BigInt(MAX_EXACT_BITS / 2);

describe("the exact size limit", () => {
  it("refuses a product past the limit in both number types, and allows one just below", () => {
    const big = exact.fromRatio(HALF);
    expect(() => exact.mul(big, exact.mul(big, exact.fromInteger(2)))).toThrow(ExactSizeError);
    expect(q.reduced(exact.mul(big, exact.fromRatio(HALF / 2n))).n).toBe(HALF * (HALF / 2n));
    const fast = q.fromRatio(HALF);
    expect(() => q.mul(fast, q.mul(fast, q.fromInteger(2)))).toThrow(ExactSizeError);
    expect(q.reduced(q.mul(fast, q.fromRatio(HALF / 2n))).n).toBe(HALF * (HALF / 2n));
  });

  it("counts the reduced value in the fast type, whose parts are not kept reduced", () => {
    const x = q.fromRatio(HALF + 1n, HALF);
    // x · (1/x) has parts past the limit before reduction, and is exactly 1.
    const one = q.mul(x, q.inverse(x)!);
    expect(q.reduced(one)).toEqual({ n: 1n, d: 1n });
  });
});
