// Finding 7 of issue 9: long `+ -` and `* /` chains are one flat `arith` node
// in the artifact, so validating, loading and evaluating them never recurses
// as deep as the chain; an artifact deeper than ppl writes is refused.
import { describe, expect, it } from "vitest";
import { MAX_TREE_DEPTH, validateArtifact } from "../../src/compile/artifact-schema.js";
import type { ExprTree } from "../../src/compile/artifact-types.js";
import { createEvaluator } from "../../src/runtime/evaluator/index.js";
import { evaluatePartner } from "../oracle/partner.js";
import { explainPartner } from "../../src/runtime/explain.js";
import * as exact from "../oracle/exact.js";
import type { Scope } from "../../src/runtime/partner.js";
import { evaluate } from "../oracle/evaluate.js";
import { MISSING, isMissing, type Value } from "../../src/runtime/values.js";
import { compileSource, typedRecord } from "./compiled-program.js";

const HEADER = 'program "P" { }\ninput id: text key\ninput a: number\ninput b: number\n';

function compiled(kpis: string) {
  return JSON.parse(JSON.stringify(compileSource(HEADER + kpis, "p.ppl"))) as ReturnType<typeof compileSource>;
}

function treeDepth(tree: ExprTree): number {
  if ("args" in tree) return 1 + Math.max(...tree.args.map(treeDepth));
  if ("arg" in tree) return 1 + treeDepth(tree.arg);
  if ("items" in tree) return 1 + Math.max(0, ...tree.items.map(treeDepth));
  return 1;
}

/** The nested binary tree an `arith` node stands for: the representation before flattening, as an oracle. */
function unflattened(tree: ExprTree): ExprTree {
  if (tree.op !== "arith") return tree;
  return tree.ops.reduce<ExprTree>((left, op, i) => ({ op, args: [left, tree.args[i + 1]!] }), tree.args[0]!);
}

const show = (value: Value): string => (isMissing(value) ? "missing" : exact.toExactString(value as exact.Exact));

function scopeOf(record: Record<string, Value>): Scope {
  return {
    rounding: "half_up",
    ref: (name) => record[name] ?? MISSING,
    tier: () => MISSING,
    subtiers: () => [],
    total: () => MISSING,
  };
}

describe("flattened arithmetic chains", () => {
  it("compiles a 300-term sum to one flat node that validates, evaluates and explains", () => {
    const terms = Array.from({ length: 300 }, (_, i) => (i % 3 === 2 ? "b" : "a"));
    const artifact = compiled(`kpi s = ${terms.join(" + ")}\n`);
    const expr = artifact.kpis[0]!.expr;
    expect(expr.op).toBe("arith");
    expect(treeDepth(expr)).toBe(2);
    expect(validateArtifact(artifact).ok).toBe(true);
    const record = typedRecord(artifact, { id: "P-1", a: "0.1", b: "0.3" });
    expect(show(evaluatePartner(artifact, record).scope.ref("s"))).toBe("50");
    expect(show(createEvaluator(artifact)(record).scope.ref("s"))).toBe("50");
    const explanation = explainPartner(artifact, evaluatePartner(artifact, record), "P-1", 1);
    expect(explanation).toBeTypeOf("string");
  });

  it("gives exactly what the nested binary tree gives: mixed chains, missing values, division by zero", () => {
    const artifact = compiled(
      "kpi mixed = a - b + a * b / a - b / b * a - (a - b) - a\nkpi product = a * b / b * a / a\nkpi pair = a - b\n",
    );
    expect(artifact.kpis.map((k) => k.expr.op)).toEqual(["arith", "arith", "sub"]);
    const fast = createEvaluator(artifact);
    for (const [a, b] of [
      ["3", "2"],
      ["1.5", "0"],
      ["-7", "0.25"],
      ["0", "0"],
    ]) {
      const record = typedRecord(artifact, { id: "P-1", a: a!, b: b! });
      for (const kpi of artifact.kpis) {
        const expected = show(evaluate(unflattened(kpi.expr), scopeOf(record)));
        expect(show(evaluate(kpi.expr, scopeOf(record)))).toBe(expected);
        expect(show(evaluatePartner(artifact, record).scope.ref(kpi.name))).toBe(expected);
        expect(show(fast(record).scope.ref(kpi.name))).toBe(expected);
      }
      expect(show(evaluate(unflattened(artifact.kpis[0]!.expr), scopeOf({ a: MISSING, b: exact.ONE })))).toBe(
        "missing",
      );
      expect(show(evaluate(artifact.kpis[0]!.expr, scopeOf({ a: MISSING, b: exact.ONE })))).toBe("missing");
    }
  });
});

describe("over-deep artifacts", () => {
  it(`refuses a tree deeper than ${MAX_TREE_DEPTH} levels with a clear message, without recursion`, () => {
    const artifact = compiled("kpi k = -a\n");
    let tree: ExprTree = { op: "ref", name: "a" };
    for (let i = 0; i < 20_000; i++) tree = { op: "neg", arg: tree };
    (artifact.kpis[0] as { expr: ExprTree }).expr = tree;
    const result = validateArtifact(artifact);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.join("\n")).toMatch(
      /^\/kpis\/0\/expr(\/arg)+: nested more than 500 levels deep/,
    );
  });

  it("still reports a bad node deep inside a tree by its path", () => {
    const artifact = compiled("kpi k = a - b + a\n");
    const expr = artifact.kpis[0]!.expr as { args: unknown[] };
    expr.args[2] = { op: "divide", args: [] };
    const result = validateArtifact(artifact);
    expect(!result.ok && result.errors).toContain('/kpis/0/expr/args/2/op: unknown value "divide"');
  });

  it("refuses deeply nested rule conditions", () => {
    const artifact = compiled("tier T { require a > 1 }\n");
    let condition: unknown = artifact.rules[0]!.conditions;
    for (let i = 0; i < 20_000; i++) condition = { not: condition };
    (artifact.rules[0] as { conditions: unknown }).conditions = condition;
    expect(validateArtifact(artifact).ok).toBe(false);
  });
});
