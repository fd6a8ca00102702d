import { describe, expect, it } from "vitest";
import * as exact from "../oracle/exact.js";
import * as q from "../../src/number/rational.js";
import { Big, Small, type Num } from "../../src/number/rational.js";
import { mulberry32 } from "../../examples/generate-partners.js";

const dec = (text: string): Num => exact.parseExact(text);
const ratio = (n: number, d: number): Small => new Small(n, d);
const show = (x: Num): string => {
  const { n, d } = q.reduced(x);
  return d === 1n ? `${n}` : `${n}/${d}`;
};

describe("fast rationals", () => {
  it("keeps decimal arithmetic exact: 0.1 + 0.7 >= 0.8, 0.1 + 0.2 = 0.3", () => {
    expect(q.compare(q.add(dec("0.1"), dec("0.7")), dec("0.8"))).toBe(0);
    expect(q.compare(q.add(dec("0.1"), dec("0.2")), dec("0.3"))).toBe(0);
    // The float sums differ from the decimals: the exact result must not follow them.
    expect(0.1 + 0.7 >= 0.8).toBe(false);
  });

  it("divides exactly: 1 / 3 * 3 = 1", () => {
    const third = q.div(dec("1"), dec("3"))!;
    expect(show(third)).toBe("1/3");
    expect(q.compare(q.mul(third, dec("3")), q.ONE)).toBe(0);
    expect(q.div(dec("5"), dec("0"))).toBeUndefined();
    expect(q.div(dec("5"), dec("-0.5"))!).toEqual(new Small(-10, 1));
  });

  it("moves to BigInt past 2^53 and stays exact", () => {
    const max = ratio(Number.MAX_SAFE_INTEGER, 1);
    const sum = q.add(max, q.ONE);
    expect(sum).toBeInstanceOf(Big);
    expect(show(sum)).toBe("9007199254740992");
    const square = q.mul(max, max);
    expect(square).toBeInstanceOf(Big);
    expect(show(square)).toBe((BigInt(Number.MAX_SAFE_INTEGER) ** 2n).toString());
    // (2^53 - 1)^2 / (2^53 - 1) comes back to a Small.
    const back = q.div(square, max)!;
    expect(show(back)).toBe(String(Number.MAX_SAFE_INTEGER));
    // Denominators whose product overflows: 1/p + 1/r for large coprime p, r.
    const p = 2 ** 31 - 1;
    const r = 2 ** 31 - 19;
    const mixed = q.add(q.add(ratio(1, p), ratio(1, r)), ratio(1, 3 * p));
    expect(show(mixed)).toBe(
      exact.toExactString(
        exact.add(
          exact.add(exact.fromRatio(1n, BigInt(p)), exact.fromRatio(1n, BigInt(r))),
          exact.fromRatio(1n, BigInt(3 * p)),
        ),
      ),
    );
    // Values just past 2^53 still compare exactly.
    const a = q.add(max, ratio(1, 3));
    const b = q.add(max, ratio(1, 2));
    expect(q.compare(a, b)).toBe(-1);
    expect(q.compare(b, a)).toBe(1);
  });

  it("compares values whose doubles are equal but which are not", () => {
    const a = ratio(9007199254740991, 9007199254740990);
    const b = ratio(9007199254740990, 9007199254740989);
    expect(a.n / a.d).toBe(b.n / b.d);
    expect(q.compare(a, b)).toBe(-1);
    expect(q.compare(ratio(2, 4), ratio(1, 2))).toBe(0);
  });

  it("rounds ties after a division as the mode says", () => {
    // 1234567.50 * 3% = 37037.025: a tie at the cent.
    const bonus = q.mul(dec("1234567.50"), dec("0.03"));
    expect(show(q.round(bonus, 2, "half_up"))).toBe(show(dec("37037.03")));
    expect(show(q.round(bonus, 2, "half_even"))).toBe(show(dec("37037.02")));
    // 1 / 8 = 0.125, and its negative: half_up rounds away from zero.
    const eighth = q.div(q.ONE, dec("8"))!;
    expect(q.formatFixed(eighth, 2, "half_up")).toBe("0.13");
    expect(q.formatFixed(eighth, 2, "half_even")).toBe("0.12");
    expect(q.formatFixed(q.neg(eighth), 2, "half_up")).toBe("-0.13");
    // 2/3 is no tie.
    expect(q.formatFixed(q.div(dec("2"), dec("3"))!, 2, "half_even")).toBe("0.67");
    // A tie that only shows in BigInt.
    const bigTie = q.div(q.add(ratio(Number.MAX_SAFE_INTEGER, 1), q.ONE), dec("200"))!;
    expect(q.formatFixed(bigTie, 2, "half_up")).toBe(
      exact.formatFixed(exact.parseExact("9007199254740992/200"), 2, "half_up"),
    );
    // To tens: round(125, -1) is 130 half up and 120 half even.
    expect(show(q.round(dec("125"), -1, "half_up"))).toBe("130");
    expect(show(q.round(dec("125"), -1, "half_even"))).toBe("120");
    // Never "-0.00".
    expect(q.formatFixed(dec("-0.001"), 2, "half_up")).toBe("0.00");
  });

  it("finds gcds on doubles and, once both fit, on int32 values, as BigInt does", () => {
    const random = mulberry32(11);
    const bigGcdOf = (a: number, b: number) => Number(q.bigGcd(BigInt(a), BigInt(b)));
    const edges = [0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 2, Number.MAX_SAFE_INTEGER, 6 * (2 ** 31 - 1)];
    for (const a of edges) for (const b of edges) expect(q.gcd(a, b)).toBe(bigGcdOf(a, b));
    expect(q.gcd(-(2 ** 40), 2 ** 36)).toBe(2 ** 36);
    expect(q.gcd(2 ** 40, -(2 ** 36))).toBe(2 ** 36);
    expect(q.gcd(6, -(2 ** 31 + 2))).toBe(2);
    for (let i = 0; i < 20_000; i++) {
      // A shared factor, so that gcds are not mostly 1; operands on either side of 2^31.
      const factor = 1 + Math.floor(random() * 2 ** Math.floor(random() * 30));
      const scale = 2 ** Math.floor(random() * 53);
      const a = Math.floor((random() - 0.5) * Math.min(scale, Number.MAX_SAFE_INTEGER / factor)) * factor;
      const b = Math.floor(random() * Math.min(scale, Number.MAX_SAFE_INTEGER / factor)) * factor;
      expect(q.gcd(a, b)).toBe(bigGcdOf(a, b));
    }
  });

  it("agrees with the reference exact module on random values, small and big", () => {
    const random = mulberry32(7);
    const randomNum = (): Num => {
      const big = random() < 0.3;
      const n = Math.floor((random() - 0.3) * (big ? 2 ** 53 : 10 ** Math.floor(random() * 9)));
      const d = 1 + Math.floor(random() * (big ? 2 ** 52 : 10 ** Math.floor(random() * 6)));
      return ratio(n, d);
    };
    const ref = (x: Num) => exact.fromRatio(q.reduced(x).n, q.reduced(x).d);
    for (let i = 0; i < 5000; i++) {
      const a = randomNum();
      const b = randomNum();
      const ea = ref(a);
      const eb = ref(b);
      expect(show(q.add(a, b))).toBe(exact.toExactString(exact.add(ea, eb)));
      expect(show(q.sub(a, b))).toBe(exact.toExactString(exact.sub(ea, eb)));
      const product = q.mul(a, b);
      expect(show(product)).toBe(exact.toExactString(exact.mul(ea, eb)));
      expect(q.compare(a, b)).toBe(exact.compare(ea, eb));
      const quotient = q.div(a, b);
      const exactQuotient = exact.div(ea, eb);
      expect(quotient === undefined ? undefined : show(quotient)).toBe(
        exactQuotient === undefined ? undefined : exact.toExactString(exactQuotient),
      );
      for (const x of [a, product]) {
        expect(q.toNearestNumber(x)).toBe(exact.toNearestNumber(ref(x)));
        expect(q.formatFixed(x, 2, "half_even")).toBe(exact.formatFixed(ref(x), 2, "half_even"));
        expect(show(q.round(x, 2, "half_up"))).toBe(exact.toExactString(exact.round(ref(x), 2, "half_up")));
      }
    }
  });
});
