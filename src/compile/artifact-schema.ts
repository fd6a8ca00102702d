// Checks an artifact against src/compile/artifact.schema.json, then checks what
// a schema cannot: every name an expression or rule uses is declared, and the
// checks of artifact-integrity.ts (no cycles, rules match specs, digest). The
// compiler checks what it writes; the runner checks what it loads, so a
// hand-edited or truncated artifact is a clear message, never a crash.
import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import { ARTIFACT_FORMAT, type Artifact, type ConditionSpec } from "./artifact.js";
import { cycleErrors, digestErrors, ruleAgreementErrors } from "./artifact-integrity.js";
import type { ExprTree } from "./artifact-types.js";
import * as generated from "./artifact-validators.generated.js";

export type ArtifactValidation = { ok: true; artifact: Artifact } | { ok: false; errors: string[] };

// The schema sits at the package root: two levels up from src/compile and from dist/compile alike.
const SCHEMA_URL = new URL("./artifact.schema.json", import.meta.url);
const MAX_ERRORS = 20;

/**
 * The deepest expression tree (or rule condition) an artifact may hold. The
 * compiler writes none deeper than the front end's expression depth limit
 * (400); the evaluators recurse once per level.
 */
export const MAX_TREE_DEPTH = 500;

/** The two recursive parts of the format. */
type NodeKind = "exprTree" | "condition";

interface Validators {
  artifact: ValidateFunction;
  node: Record<NodeKind, ValidateFunction>;
}

let compiled: Validators | undefined;

/** The published JSON Schema of the artifact format. */
export function artifactSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as Record<string, unknown>;
}

// ajv validates recursive data by recursion and overflows the stack near 300
// levels. So it checks each tree or condition node's own shape, with the
// children only as objects, and `nodeErrors` walks the nodes without recursion.
// The validators are ajv's compiled code for the schema, generated ahead of
// time (artifact-validators-source.ts): compiling it on every run cost 240 ms.
function validators(): Validators {
  compiled ??= {
    artifact: generated.artifact as unknown as ValidateFunction,
    node: {
      exprTree: generated.exprTree as unknown as ValidateFunction,
      condition: generated.condition as unknown as ValidateFunction,
    },
  };
  return compiled;
}

/** The children of a node that the shallow schema left unchecked. */
function childNodes(kind: NodeKind, node: Record<string, unknown>, path: string): [NodeKind, unknown, string][] {
  const children: [NodeKind, unknown, string][] = [];
  const list = (key: string, childKind: NodeKind) => {
    const items = node[key];
    if (Array.isArray(items)) items.forEach((item, i) => children.push([childKind, item, `${path}/${key}/${i}`]));
  };
  if (kind === "exprTree") {
    if ("arg" in node) children.push(["exprTree", node.arg, `${path}/arg`]);
    list("args", "exprTree");
    list("items", "exprTree");
  } else {
    list("all", "condition");
    list("any", "condition");
    if ("not" in node) children.push(["condition", node.not, `${path}/not`]);
    const params = node.params as { expr?: unknown } | undefined;
    if (params?.expr !== undefined) children.push(["exprTree", params.expr, `${path}/params/expr`]);
  }
  return children;
}

/** Every tree and condition node checked against its shallow schema, and its depth, without recursion. */
function nodeErrors(artifact: Artifact, node: Validators["node"]): string[] {
  const errors: string[] = [];
  const stack: { kind: NodeKind; value: unknown; path: string; depth: number }[] = [];
  const root = (kind: NodeKind, value: unknown, path: string) => {
    if (value !== undefined) stack.push({ kind, value, path, depth: 1 });
  };
  // Runs on artifacts that failed the schema too, so every step looks before it leaps.
  type Loose = Record<string, unknown> & { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const each = (list: unknown, visit: (item: Loose, index: number) => void) => {
    if (Array.isArray(list))
      list.forEach((item, i) => typeof item === "object" && item !== null && visit(item as Loose, i));
  };
  const json = artifact as unknown as Loose;
  each(json.kpis, (kpi, i) => root("exprTree", kpi.expr, `/kpis/${i}/expr`));
  each(json.tables, (table, i) => {
    root("exprTree", table.key, `/tables/${i}/key`);
    each(table.rows, (row, r) => root("exprTree", row.value, `/tables/${i}/rows/${r}/value`));
  });
  for (const owner of ["tiers", "subtiers"]) {
    each(json[owner], (item, i) =>
      each(item.requirements, (req, r) => root("exprTree", req.expr, `/${owner}/${i}/requirements/${r}/expr`)),
    );
  }
  each(json.incentives, (incentive, i) => {
    root("exprTree", incentive.when, `/incentives/${i}/when`);
    root("exprTree", incentive.amount, `/incentives/${i}/amount`);
  });
  each(json.tests, (test, i) =>
    each(test.expects, (e, x) => root("exprTree", e.expr, `/tests/${i}/expects/${x}/expr`)),
  );
  each(json.rules, (rule, i) => root("condition", rule.conditions, `/rules/${i}/conditions`));
  while (stack.length > 0 && errors.length <= MAX_ERRORS) {
    const { kind, value, path, depth } = stack.pop()!;
    if (depth > MAX_TREE_DEPTH) {
      errors.push(
        `${path}: nested more than ${MAX_TREE_DEPTH} levels deep, more than ppl writes; recompile the program`,
      );
      continue;
    }
    const validate = node[kind];
    if (!validate(value)) {
      errors.push(
        ...schemaErrors(validate.errors ?? []).map((error) =>
          error.startsWith("(root)") ? path + error.slice(6) : path + error,
        ),
      );
      continue;
    }
    for (const [childKind, child, childPath] of childNodes(kind, value as Record<string, unknown>, path)) {
      stack.push({ kind: childKind, value: child, path: childPath, depth: depth + 1 });
    }
  }
  return errors;
}

/** "/tiers/1/rank" as written in messages; the whole artifact is "(root)". */
function pathText(path: string): string {
  return path === "" ? "(root)" : path;
}

function describeError(error: ErrorObject): string {
  const at = pathText(error.instancePath);
  switch (error.keyword) {
    case "required":
      return `${at}: missing required field "${String(error.params.missingProperty)}"`;
    case "additionalProperties":
      return `${at}: unknown field "${String(error.params.additionalProperty)}"`;
    case "discriminator": {
      const tag = String(error.params.tag);
      return error.params.error === "mapping"
        ? `${pathText(`${error.instancePath}/${tag}`)}: unknown value ${JSON.stringify(error.params.tagValue)}`
        : `${at}: field "${tag}" must be a string`;
    }
    case "const":
    case "enum":
      return `${at}: ${error.message ?? "invalid value"} (${JSON.stringify(error.params.allowedValue ?? error.params.allowedValues)})`;
    default:
      return `${at}: ${error.message ?? "invalid value"}`;
  }
}

/** Schema errors, without the echoes `if`/`then` adds for every failure inside a branch. */
function schemaErrors(errors: readonly ErrorObject[]): string[] {
  const messages = errors.filter((error) => error.keyword !== "if").map(describeError);
  return [...new Set(messages)];
}

function limited(errors: string[]): string[] {
  if (errors.length <= MAX_ERRORS) return errors;
  return [...errors.slice(0, MAX_ERRORS), `... and ${errors.length - MAX_ERRORS} more`];
}

/** Validates parsed JSON as an artifact. */
export function validateArtifact(json: unknown): ArtifactValidation {
  if (typeof json === "object" && json !== null && !Array.isArray(json)) {
    const format = (json as { format?: unknown }).format;
    if (typeof format === "string" && format !== ARTIFACT_FORMAT) {
      return {
        ok: false,
        errors: [
          `/format: this is a "${format}" artifact; this version of ppl reads "${ARTIFACT_FORMAT}": recompile the program`,
        ],
      };
    }
  }
  const { artifact: validate, node } = validators();
  const valid = validate(json);
  const topErrors = valid ? [] : schemaErrors(validate.errors ?? []);
  const shapeErrors = typeof json === "object" && json !== null ? nodeErrors(json as Artifact, node) : [];
  if (!valid || shapeErrors.length > 0) return { ok: false, errors: limited([...topErrors, ...shapeErrors]) };
  const artifact = json as Artifact;
  // Each check relies on the ones before it (names resolve, no cycles, rules match the specs, then the digest).
  for (const check of [referenceErrors, cycleErrors, ruleAgreementErrors, digestErrors]) {
    const errors = check(artifact);
    if (errors.length > 0) return { ok: false, errors: limited(errors) };
  }
  return { ok: true, artifact };
}

/** Parses and validates artifact text (a truncated file is a JSON syntax error, reported as such). */
export function parseArtifact(text: string): ArtifactValidation {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [`(root): not valid JSON (${reason}); the artifact may be truncated: recompile the program`],
    };
  }
  return validateArtifact(json);
}

/** Names used but not declared, tier ranks that do not match, rules over unknown facts. */
function referenceErrors(artifact: Artifact): string[] {
  const errors: string[] = [];
  const kinds = new Map<string, string>();
  const declare = (kind: string, specs: readonly { name: string }[], path: string): void => {
    specs.forEach((spec, index) => {
      if (kinds.has(spec.name)) errors.push(`/${path}/${index}/name: "${spec.name}" is declared twice`);
      else kinds.set(spec.name, kind);
    });
  };
  declare("input", artifact.inputs, "inputs");
  declare("kpi", artifact.kpis, "kpis");
  declare("scorecard", artifact.scorecards, "scorecards");
  declare("table", artifact.tables, "tables");
  declare("incentive", artifact.incentives, "incentives");
  const tierRanks = new Map<string, number>();
  artifact.tiers.forEach((tier, index) => {
    if (tier.rank !== index + 1)
      errors.push(`/tiers/${index}/rank: must be ${index + 1} (tiers are listed lowest first)`);
    tierRanks.set(tier.name, tier.rank);
  });

  const checkName = (name: string, path: string): void => {
    if (!kinds.has(name)) errors.push(`${path}: "${name}" is not a declared input, KPI, scorecard, table or incentive`);
  };
  // Trees are as deep as MAX_TREE_DEPTH: walked with a stack, not recursion.
  const checkTree = (root: ExprTree, rootPath: string): void => {
    const stack: [ExprTree, string][] = [[root, rootPath]];
    while (stack.length > 0) {
      const [tree, path] = stack.pop()!;
      checkNode(tree, path, (child, childPath) => stack.push([child, childPath]));
    }
  };
  const checkNode = (tree: ExprTree, path: string, checkTree: (tree: ExprTree, path: string) => void): void => {
    switch (tree.op) {
      case "ref":
        checkName(tree.name, `${path}/name`);
        return;
      case "tierName":
        if (tierRanks.get(tree.name) !== tree.rank) {
          errors.push(`${path}: tier "${tree.name}" with rank ${tree.rank} is not one of the artifact's tiers`);
        }
        return;
      case "list":
        tree.items.forEach((item, index) => checkTree(item, `${path}/items/${index}`));
        return;
      case "neg":
      case "not":
      case "isMissing":
      case "isNotMissing":
        checkTree(tree.arg, `${path}/arg`);
        return;
      case "num":
      case "str":
      case "bool":
      case "tier":
      case "subtiers":
      case "total":
        return;
      case "arith":
        if (tree.ops.length !== tree.args.length - 1)
          errors.push(`${path}/ops: must have one operator fewer than args`);
        tree.args.forEach((arg, index) => checkTree(arg, `${path}/args/${index}`));
        return;
      default:
        tree.args.forEach((arg, index) => checkTree(arg, `${path}/args/${index}`));
    }
  };

  artifact.kpis.forEach((kpi, index) => checkTree(kpi.expr, `/kpis/${index}/expr`));
  artifact.scorecards.forEach((scorecard, index) =>
    scorecard.lines.forEach((line, lineIndex) =>
      checkName(line.value, `/scorecards/${index}/lines/${lineIndex}/value`),
    ),
  );
  artifact.tables.forEach((table, index) => {
    checkTree(table.key, `/tables/${index}/key`);
    table.rows.forEach((row, rowIndex) => checkTree(row.value, `/tables/${index}/rows/${rowIndex}/value`));
  });
  const checkRequirements = (owner: string, requirements: Artifact["tiers"][number]["requirements"]): void =>
    requirements.forEach((requirement, index) => {
      checkTree(requirement.expr, `${owner}/requirements/${index}/expr`);
      requirement.names.forEach((name, nameIndex) =>
        checkName(name, `${owner}/requirements/${index}/names/${nameIndex}`),
      );
    });
  artifact.tiers.forEach((tier, index) => {
    checkRequirements(`/tiers/${index}`, tier.requirements);
    if (tier.extends !== undefined && (tierRanks.get(tier.extends) ?? Infinity) >= tier.rank) {
      errors.push(`/tiers/${index}/extends: "${tier.extends}" is not a lower tier`);
    }
  });
  artifact.subtiers.forEach((subtier, index) => {
    checkRequirements(`/subtiers/${index}`, subtier.requirements);
    if (!tierRanks.has(subtier.parent)) errors.push(`/subtiers/${index}/parent: "${subtier.parent}" is not a tier`);
  });
  artifact.incentives.forEach((incentive, index) => {
    if (incentive.when !== undefined) checkTree(incentive.when, `/incentives/${index}/when`);
    checkTree(incentive.amount, `/incentives/${index}/amount`);
  });
  artifact.tests.forEach((test, index) =>
    test.expects.forEach((expectation, expectIndex) =>
      checkTree(expectation.expr, `/tests/${index}/expects/${expectIndex}/expr`),
    ),
  );

  const knownFact = (fact: string): boolean => {
    if (["ppl:tier", "ppl:tierRank", "ppl:subtiers", "ppl:total", "ppl:expr", "ppl:always"].includes(fact)) return true;
    const match = /^ppl:(input|kpi|scorecard|table|incentive):(.+)$/.exec(fact);
    return match !== null && kinds.get(match[2]!) === match[1];
  };
  const checkCondition = (condition: ConditionSpec, path: string): void => {
    if ("all" in condition) condition.all.forEach((child, index) => checkCondition(child, `${path}/all/${index}`));
    else if ("any" in condition) condition.any.forEach((child, index) => checkCondition(child, `${path}/any/${index}`));
    else if ("not" in condition) checkCondition(condition.not, `${path}/not`);
    else {
      if (!knownFact(condition.fact)) errors.push(`${path}/fact: "${condition.fact}" is not a fact of this artifact`);
      if (condition.fact === "ppl:expr") {
        if (condition.params === undefined) errors.push(`${path}: the "ppl:expr" fact needs params.expr`);
        else checkTree(condition.params.expr, `${path}/params/expr`);
      }
    }
    if (condition.name !== undefined && !Object.hasOwn(artifact.sourceMap, condition.name)) {
      errors.push(`${path}/name: "${condition.name}" is not in the source map`);
    }
  };
  const ruleNames = new Set<string>();
  artifact.rules.forEach((rule, index) => {
    if (ruleNames.has(rule.name)) errors.push(`/rules/${index}/name: "${rule.name}" is used twice`);
    ruleNames.add(rule.name);
    checkCondition(rule.conditions, `/rules/${index}/conditions`);
    const { type, params } = rule.event;
    const declared =
      type === "tier"
        ? tierRanks.get(params.name) === (params as { rank: number }).rank
        : type === "subtier"
          ? artifact.subtiers.some((subtier) => subtier.name === params.name)
          : artifact.incentives.some((incentive) => incentive.name === params.name);
    if (!declared) errors.push(`/rules/${index}/event/params/name: "${params.name}" is not a ${type} of this artifact`);
  });
  return errors;
}
