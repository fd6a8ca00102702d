// Small constructors for hand-built expression trees and values in runtime tests.

import type { ExprTree } from "../../src/compile/artifact-types.js";
import { parseExact } from "../../src/number/exact-text.js";
import type { Num } from "../../src/number/rational.js";
import type { Scope } from "../../src/runtime/partner.js";
import { MISSING, type Value } from "../../src/runtime/values.js";

type BinaryOp = Extract<ExprTree, { args: [ExprTree, ExprTree] }>["op"];

/** An exact number from "n/d" or a decimal string. */
export const x = (text: string): Num => parseExact(text);

export const num = (value: string): ExprTree => ({ op: "num", value });
export const str = (value: string): ExprTree => ({ op: "str", value });
export const bool = (value: boolean): ExprTree => ({ op: "bool", value });
export const ref = (name: string): ExprTree => ({ op: "ref", name });
export const list = (...items: ExprTree[]): ExprTree => ({ op: "list", items });
export const tierName = (name: string, rank: number): ExprTree => ({ op: "tierName", name, rank });
export const bin = (op: BinaryOp, a: ExprTree, b: ExprTree): ExprTree => ({ op, args: [a, b] });
export const not = (arg: ExprTree): ExprTree => ({ op: "not", arg });
export const call = (fn: "min" | "max" | "round" | "abs" | "clamp" | "count", ...args: ExprTree[]): ExprTree => ({
  op: "call",
  fn,
  args,
});

/** A scope over fixed values; unknown names throw so a typo in a test fails loudly. */
export function fixedScope(
  values: Record<string, Value>,
  extra: { tier?: Value; subtiers?: Value; total?: Value; rounding?: "half_up" | "half_even" } = {},
): Scope {
  return {
    rounding: extra.rounding ?? "half_up",
    ref(name) {
      if (!Object.hasOwn(values, name)) throw new Error(`test scope has no value "${name}"`);
      return values[name]!;
    },
    tier: () => extra.tier ?? MISSING,
    subtiers: () => extra.subtiers ?? [],
    total: () => extra.total ?? MISSING,
  };
}
