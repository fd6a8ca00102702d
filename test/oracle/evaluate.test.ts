import { describe, expect, it } from "vitest";
import type { ExprTree } from "../../src/compile/artifact-types.js";
import { evaluate, referencedNames } from "./evaluate.js";
import { toExactString } from "../../src/number/exact-text.js";
import { MISSING, isNum, showValue, tierValue, type Value } from "../../src/runtime/values.js";
import { bin, bool, call, fixedScope, list, not, num, ref, str, tierName, x } from "../runtime/expr-builders.js";

const scope = fixedScope({
  revenue: x("20000000"),
  target: x("16000000"),
  zero: x("0"),
  csat: MISSING,
  shares_data: true,
  opted_out: MISSING,
  region: "EMEA",
  services: ["DaaS"],
  no_services: [],
  absent_list: MISSING,
  a: x("0.7"),
  b: x("0.1"),
});

/** The exact value of a numeric expression as "n/d", or "missing". */
function exactOf(tree: ExprTree, where = scope): string {
  const value = evaluate(tree, where);
  if (value === MISSING) return "missing";
  if (!isNum(value)) throw new Error(`not a number: ${showValue(value)}`);
  return toExactString(value);
}

const missingNumber = ref("csat");

describe("exact arithmetic", () => {
  it("keeps every value exact: 1 / 3 * 3 = 1 and 0.7 + 0.1 >= 80%", () => {
    expect(evaluate(bin("eq", bin("mul", bin("div", num("1"), num("3")), num("3")), num("1")), scope)).toBe(true);
    expect(evaluate(bin("ge", bin("add", ref("a"), ref("b")), num("4/5")), scope)).toBe(true);
    expect(exactOf(bin("div", ref("revenue"), ref("target")))).toBe("5/4");
    expect(exactOf(bin("sub", num("1"), num("5/4")))).toBe("-1/4");
    expect(exactOf({ op: "neg", arg: num("3/2") })).toBe("-3/2");
  });

  it("makes division by zero missing", () => {
    expect(exactOf(bin("div", ref("revenue"), ref("zero")))).toBe("missing");
  });

  it("propagates missing through arithmetic and unary minus", () => {
    for (const op of ["add", "sub", "mul", "div"] as const) {
      expect(exactOf(bin(op, missingNumber, num("2"))), op).toBe("missing");
      expect(exactOf(bin(op, num("2"), missingNumber)), op).toBe("missing");
    }
    expect(exactOf({ op: "neg", arg: missingNumber })).toBe("missing");
  });
});

describe("comparisons", () => {
  it("compare numbers", () => {
    const cases: [Parameters<typeof bin>[0], string, string, boolean][] = [
      ["eq", "1/2", "0.5", true],
      ["ne", "1/2", "0.5", false],
      ["lt", "1", "2", true],
      ["lt", "2", "2", false],
      ["le", "2", "2", true],
      ["gt", "-1", "-2", true],
      ["ge", "-2", "-1", false],
    ];
    for (const [op, a, b, expected] of cases) {
      expect(evaluate(bin(op, num(a), num(b)), scope), `${a} ${op} ${b}`).toBe(expected);
    }
  });

  it("are all false with a missing operand, != included", () => {
    for (const op of ["eq", "ne", "lt", "le", "gt", "ge"] as const) {
      expect(evaluate(bin(op, missingNumber, num("8")), scope), op).toBe(false);
      expect(evaluate(bin(op, num("8"), missingNumber), scope), op).toBe(false);
      expect(evaluate(bin(op, missingNumber, missingNumber), scope), op).toBe(false);
      expect(evaluate(bin(op, ref("opted_out"), bool(false)), scope), op).toBe(false);
    }
  });

  it("compare strings for = and != only", () => {
    expect(evaluate(bin("eq", ref("region"), str("EMEA")), scope)).toBe(true);
    expect(evaluate(bin("ne", ref("region"), str("APJ")), scope)).toBe(true);
    expect(evaluate(bin("eq", ref("region"), str("APJ")), scope)).toBe(false);
    expect(evaluate(bin("lt", str("A"), str("B")), scope)).toBe(false);
  });

  it("compare booleans for equality", () => {
    expect(evaluate(bin("eq", ref("shares_data"), bool(true)), scope)).toBe(true);
    expect(evaluate(bin("ne", ref("shares_data"), bool(true)), scope)).toBe(false);
  });

  it("compare tiers by rank", () => {
    const premier = fixedScope({}, { tier: tierValue("Premier", 2) });
    expect(evaluate(bin("ge", { op: "tier" }, tierName("Member", 1)), premier)).toBe(true);
    expect(evaluate(bin("ge", { op: "tier" }, tierName("Premier", 2)), premier)).toBe(true);
    expect(evaluate(bin("gt", { op: "tier" }, tierName("Premier", 2)), premier)).toBe(false);
    expect(evaluate(bin("eq", { op: "tier" }, tierName("Premier", 2)), premier)).toBe(true);
    expect(evaluate(bin("lt", { op: "tier" }, tierName("Elite", 3)), premier)).toBe(true);
    expect(evaluate(bin("ne", { op: "tier" }, tierName("Member", 1)), premier)).toBe(true);
  });

  it("treat a partner with no tier as missing: every comparison false", () => {
    const none = fixedScope({});
    expect(evaluate({ op: "tier" }, none)).toBe(MISSING);
    expect(evaluate(bin("ge", { op: "tier" }, tierName("Member", 1)), none)).toBe(false);
    expect(evaluate(bin("lt", { op: "tier" }, tierName("Member", 1)), none)).toBe(false);
    expect(evaluate(bin("ne", { op: "tier" }, tierName("Member", 1)), none)).toBe(false);
    expect(evaluate({ op: "isMissing", arg: { op: "tier" } }, none)).toBe(true);
  });

  it("are false across kinds", () => {
    expect(evaluate(bin("eq", num("1"), str("1")), scope)).toBe(false);
    expect(evaluate(bin("ne", num("1"), str("1")), scope)).toBe(false);
    expect(evaluate(bin("eq", bool(true), num("1")), scope)).toBe(false);
  });
});

describe("between", () => {
  it("is inclusive at both ends", () => {
    const between = (v: string): Value => evaluate({ op: "between", args: [num(v), num("1"), num("3")] }, scope);
    expect(between("1")).toBe(true);
    expect(between("3")).toBe(true);
    expect(between("2")).toBe(true);
    expect(between("0.999")).toBe(false);
    expect(between("3.001")).toBe(false);
  });

  it("is false when any operand is missing", () => {
    expect(evaluate({ op: "between", args: [missingNumber, num("1"), num("3")] }, scope)).toBe(false);
    expect(evaluate({ op: "between", args: [num("2"), missingNumber, num("3")] }, scope)).toBe(false);
    expect(evaluate({ op: "between", args: [num("2"), num("1"), missingNumber] }, scope)).toBe(false);
  });
});

describe("in and not in", () => {
  it("tests membership of a string in a list input", () => {
    expect(evaluate(bin("in", str("DaaS"), ref("services")), scope)).toBe(true);
    expect(evaluate(bin("in", str("Managed Print"), ref("services")), scope)).toBe(false);
    expect(evaluate(bin("notIn", str("Managed Print"), ref("services")), scope)).toBe(true);
    expect(evaluate(bin("notIn", str("DaaS"), ref("services")), scope)).toBe(false);
    expect(evaluate(bin("in", str("DaaS"), ref("no_services")), scope)).toBe(false);
  });

  it("tests a value against a list literal", () => {
    expect(evaluate(bin("in", ref("region"), list(str("AMS"), str("EMEA"))), scope)).toBe(true);
    expect(evaluate(bin("in", ref("region"), list(str("AMS"), str("APJ"))), scope)).toBe(false);
    expect(evaluate(bin("in", num("2"), list(num("1"), num("4/2"))), scope)).toBe(true);
  });

  it("tests membership in subtiers", () => {
    const withSubtier = fixedScope({}, { subtiers: ["Premier Services"] });
    expect(evaluate(bin("in", str("Premier Services"), { op: "subtiers" }), withSubtier)).toBe(true);
    expect(evaluate(bin("in", str("Other"), { op: "subtiers" }), withSubtier)).toBe(false);
  });

  it("is false with a missing member or list, for not in too", () => {
    expect(evaluate(bin("in", missingNumber, list(num("1"))), scope)).toBe(false);
    expect(evaluate(bin("notIn", missingNumber, list(num("1"))), scope)).toBe(false);
    expect(evaluate(bin("in", str("DaaS"), ref("absent_list")), scope)).toBe(false);
    expect(evaluate(bin("notIn", str("DaaS"), ref("absent_list")), scope)).toBe(false);
  });
});

describe("booleans and missing", () => {
  it("not of a missing boolean is true: missing is false before not applies", () => {
    expect(evaluate(not(ref("opted_out")), scope)).toBe(true);
    expect(evaluate(not(ref("shares_data")), scope)).toBe(false);
    expect(evaluate(not(bin("gt", missingNumber, num("1"))), scope)).toBe(true);
  });

  it("and/or treat missing as false", () => {
    expect(evaluate(bin("and", ref("shares_data"), ref("opted_out")), scope)).toBe(false);
    expect(evaluate(bin("or", ref("opted_out"), ref("shares_data")), scope)).toBe(true);
    expect(evaluate(bin("or", ref("opted_out"), ref("opted_out")), scope)).toBe(false);
    expect(evaluate(bin("and", bool(true), bool(true)), scope)).toBe(true);
  });

  it("otherwise replaces missing only", () => {
    expect(exactOf(bin("otherwise", bin("div", ref("revenue"), ref("zero")), num("0")))).toBe("0");
    expect(exactOf(bin("otherwise", num("5"), num("0")))).toBe("5");
    expect(exactOf(bin("otherwise", missingNumber, missingNumber))).toBe("missing");
    expect(evaluate(bin("otherwise", ref("opted_out"), bool(true)), scope)).toBe(true);
  });

  it("is missing / is not missing", () => {
    expect(evaluate({ op: "isMissing", arg: missingNumber }, scope)).toBe(true);
    expect(evaluate({ op: "isNotMissing", arg: missingNumber }, scope)).toBe(false);
    expect(evaluate({ op: "isMissing", arg: bin("div", num("1"), num("0")) }, scope)).toBe(true);
    expect(evaluate({ op: "isMissing", arg: ref("no_services") }, scope)).toBe(false);
    expect(evaluate({ op: "isNotMissing", arg: ref("revenue") }, scope)).toBe(true);
  });

  it("if takes the else branch when the condition is missing", () => {
    const choose = (c: ExprTree): string => exactOf({ op: "if", args: [c, num("1"), num("2")] });
    expect(choose(bool(true))).toBe("1");
    expect(choose(bool(false))).toBe("2");
    expect(choose(ref("opted_out"))).toBe("2");
    expect(exactOf({ op: "if", args: [bool(true), missingNumber, num("2")] })).toBe("missing");
  });
});

describe("functions", () => {
  it("min and max are n-ary and missing if any argument is", () => {
    expect(exactOf(call("min", num("3"), num("-1/2"), num("2")))).toBe("-1/2");
    expect(exactOf(call("max", num("3"), num("-1/2"), num("7/2")))).toBe("7/2");
    expect(exactOf(call("min", num("3"), missingNumber))).toBe("missing");
    expect(exactOf(call("max", missingNumber, num("3")))).toBe("missing");
  });

  it("round uses the program's rounding mode", () => {
    const halfUp = fixedScope({}, { rounding: "half_up" });
    const halfEven = fixedScope({}, { rounding: "half_even" });
    expect(exactOf(call("round", num("250.005"), num("2")), halfUp)).toBe("25001/100");
    expect(exactOf(call("round", num("250.005"), num("2")), halfEven)).toBe("250");
    expect(exactOf(call("round", num("-2.5"), num("0")), halfUp)).toBe("-3");
    expect(exactOf(call("round", num("-2.5"), num("0")), halfEven)).toBe("-2");
    expect(exactOf(call("round", missingNumber, num("0")))).toBe("missing");
  });

  it("abs, clamp and count", () => {
    expect(exactOf(call("abs", num("-5/3")))).toBe("5/3");
    expect(exactOf(call("abs", missingNumber))).toBe("missing");
    expect(exactOf(call("clamp", num("5"), num("0"), num("1")))).toBe("1");
    expect(exactOf(call("clamp", num("-5"), num("0"), num("1")))).toBe("0");
    expect(exactOf(call("clamp", num("1/2"), num("0"), num("1")))).toBe("1/2");
    expect(exactOf(call("clamp", num("1/2"), missingNumber, num("1")))).toBe("missing");
    expect(exactOf(call("count", ref("services")))).toBe("1");
    expect(exactOf(call("count", ref("no_services")))).toBe("0");
    expect(exactOf(call("count", ref("absent_list")))).toBe("missing");
    expect(exactOf(call("count", list(str("a"), str("b"))))).toBe("2");
  });
});

describe("references and scope", () => {
  it("reads total from the scope", () => {
    const withTotal = fixedScope({}, { total: x("350000") });
    expect(evaluate(bin("eq", { op: "total" }, num("350000")), withTotal)).toBe(true);
  });

  it("lists the names an expression uses, each once", () => {
    const tree = bin("and", bin("ge", ref("revenue"), num("10000")), bin("in", str("DaaS"), ref("services")));
    expect(referencedNames(bin("or", tree, bin("gt", ref("revenue"), { op: "total" })))).toEqual([
      "revenue",
      "services",
    ]);
  });

  it("shows values in words", () => {
    expect(showValue(x("5/4"))).toBe("1.25");
    expect(showValue(x("1/3"))).toBe("about 0.3333333333");
    expect(showValue(MISSING)).toBe("missing");
    expect(showValue("EMEA")).toBe('"EMEA"');
    expect(showValue(["DaaS", "Managed Print"])).toBe('["DaaS", "Managed Print"]');
    expect(showValue(tierValue("Premier", 2))).toBe("Premier");
    expect(showValue(false)).toBe("false");
  });
});
