// What a loader checks in an artifact beyond its schema and names: that its
// derived values do not depend on themselves, that its json-rules-engine rules
// say what its specs and expression trees say (the fast back end reads only
// those, json-rules-engine reads the rules: if they disagreed, the two would
// give different tiers), and that its content matches the digest the compiler
// stored. The digest is an integrity check against accidental edits, not a
// signature: anyone can recompute it.
import { createHash } from "node:crypto";
import type { Artifact } from "./artifact.js";
import type { ExprTree } from "./artifact-types.js";
import type { ValueKind } from "./fact-names.js";
import { rulesOfSpecs } from "./rules.js";

/** JSON with object keys sorted and no whitespace; undefined members are left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const members = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** "sha256:" and the hex SHA-256 of the artifact's canonical JSON, its own digest field left out. */
export function artifactDigest(artifact: Omit<Artifact, "digest"> & { digest?: string }): string {
  const { digest: _ignored, ...content } = artifact;
  return `sha256:${createHash("sha256").update(canonicalJson(content), "utf8").digest("hex")}`;
}

/** The names a tree refers to, each once; iterative, since trees can be deep. */
function refsOf(trees: readonly ExprTree[]): string[] {
  const names = new Set<string>();
  const stack = [...trees];
  for (let tree = stack.pop(); tree !== undefined; tree = stack.pop()) {
    if (tree.op === "ref") names.add(tree.name);
    else if ("args" in tree) stack.push(...tree.args);
    else if ("arg" in tree) stack.push(tree.arg);
    else if ("items" in tree) stack.push(...tree.items);
  }
  return [...names];
}

/**
 * A derived value (KPI, scorecard, table, incentive) that depends on itself,
 * named with the cycle in order ("a → b → a"). The compiler's checker rejects
 * cycles in programs; an edited artifact can still hold one, and its values
 * would come out missing. The walk is iterative: an artifact may hold
 * thousands of values in one chain.
 */
export function cycleErrors(artifact: Artifact): string[] {
  const dependsOn = new Map<string, { path: string; refs: string[] }>();
  artifact.kpis.forEach((kpi, index) => dependsOn.set(kpi.name, { path: `/kpis/${index}`, refs: refsOf([kpi.expr]) }));
  artifact.scorecards.forEach((scorecard, index) =>
    dependsOn.set(scorecard.name, { path: `/scorecards/${index}`, refs: scorecard.lines.map((line) => line.value) }),
  );
  artifact.tables.forEach((table, index) =>
    dependsOn.set(table.name, {
      path: `/tables/${index}`,
      refs: refsOf([table.key, ...table.rows.map((row) => row.value)]),
    }),
  );
  artifact.incentives.forEach((incentive, index) =>
    dependsOn.set(incentive.name, {
      path: `/incentives/${index}`,
      refs: refsOf(incentive.when === undefined ? [incentive.amount] : [incentive.when, incentive.amount]),
    }),
  );
  const done = new Set<string>();
  for (const start of dependsOn.keys()) {
    if (done.has(start)) continue;
    // Depth-first with an explicit stack: `path` is the chain being walked, `onPath` its members.
    const path: { name: string; next: number }[] = [{ name: start, next: 0 }];
    const onPath = new Set([start]);
    while (path.length > 0) {
      const top = path[path.length - 1]!;
      const refs = dependsOn.get(top.name)!.refs;
      if (top.next === refs.length) {
        path.pop();
        onPath.delete(top.name);
        done.add(top.name);
        continue;
      }
      const ref = refs[top.next++]!;
      if (!dependsOn.has(ref) || done.has(ref)) continue;
      if (onPath.has(ref)) {
        const cycle = [...path.slice(path.findIndex((step) => step.name === ref)).map((step) => step.name), ref];
        return [
          `${dependsOn.get(ref)!.path}: "${ref}" depends on itself (${cycle.join(" → ")}); the artifact was edited: recompile the program`,
        ];
      }
      path.push({ name: ref, next: 0 });
      onPath.add(ref);
    }
  }
  return [];
}

/** The first JSON path under `path` where `actual` and `expected` differ, with both values. */
function firstDifference(actual: unknown, expected: unknown, path: string): string | undefined {
  if (typeof actual === "object" && actual !== null && typeof expected === "object" && expected !== null) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    for (const key of keys) {
      const difference = firstDifference(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        `${path}/${key}`,
      );
      if (difference !== undefined) return difference;
    }
    return Array.isArray(actual) === Array.isArray(expected) ? undefined : path;
  }
  if (canonicalJson(actual) === canonicalJson(expected)) return undefined;
  const shown = (value: unknown) => (value === undefined ? "nothing" : canonicalJson(value).slice(0, 80));
  return `${path}: ${shown(actual)}, where the specs and expression trees give ${shown(expected)}`;
}

/** The rules rebuilt from the specs with the compiler's own function, compared with the artifact's. */
export function ruleAgreementErrors(artifact: Artifact): string[] {
  const valueKinds = new Map<string, ValueKind>([
    ...artifact.inputs.map((spec): [string, ValueKind] => [spec.name, "input"]),
    ...artifact.kpis.map((spec): [string, ValueKind] => [spec.name, "kpi"]),
    ...artifact.scorecards.map((spec): [string, ValueKind] => [spec.name, "scorecard"]),
    ...artifact.tables.map((spec): [string, ValueKind] => [spec.name, "table"]),
    ...artifact.incentives.map((spec): [string, ValueKind] => [spec.name, "incentive"]),
  ]);
  const tierRanks = new Map(artifact.tiers.map((tier) => [tier.name, tier.rank]));
  const expected = rulesOfSpecs(artifact, { valueKinds, tierRanks });
  const difference = firstDifference(artifact.rules, expected, "/rules");
  if (difference === undefined) return [];
  return [
    `${difference}: the rules disagree with the tiers, subtiers and incentives they were compiled from; recompile the program`,
  ];
}

/** The stored digest against the content. */
export function digestErrors(artifact: Artifact): string[] {
  if (artifactDigest(artifact) === artifact.digest) return [];
  return [
    "/digest: the artifact's content does not match its digest (it was changed after `ppl compile`); recompile the program",
  ];
}
