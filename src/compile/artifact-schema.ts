// Checks an artifact against src/compile/artifact.schema.json, then checks what
// a schema cannot: every name an expression or rule uses is declared, and the
// checks of artifact-integrity.ts (no cycles, rules match specs, digest). The
// compiler checks what it writes; the runner checks what it loads, so a
// hand-edited or truncated artifact is a clear message, never a crash.
import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { ARTIFACT_FORMAT, type Artifact, type ConditionSpec } from "./artifact.js";
import { cycleErrors, digestErrors, ruleAgreementErrors } from "./artifact-integrity.js";
import type { ExprTree } from "./artifact-types.js";

export type ArtifactValidation = { ok: true; artifact: Artifact } | { ok: false; errors: string[] };

// The schema sits at the package root: two levels up from src/compile and from dist/compile alike.
const SCHEMA_URL = new URL("./artifact.schema.json", import.meta.url);
const MAX_ERRORS = 20;

let compiled: ValidateFunction | undefined;

/** The published JSON Schema of the artifact format. */
export function artifactSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as Record<string, unknown>;
}

function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true, discriminator: true }).compile(artifactSchema());
  return compiled;
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
        errors: [`/format: this is a "${format}" artifact; this version of ppl reads "${ARTIFACT_FORMAT}": recompile the program`],
      };
    }
  }
  const validate = validator();
  if (!validate(json)) return { ok: false, errors: limited(schemaErrors(validate.errors ?? [])) };
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
    return { ok: false, errors: [`(root): not valid JSON (${reason}); the artifact may be truncated: recompile the program`] };
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
    if (tier.rank !== index + 1) errors.push(`/tiers/${index}/rank: must be ${index + 1} (tiers are listed lowest first)`);
    tierRanks.set(tier.name, tier.rank);
  });

  const checkName = (name: string, path: string): void => {
    if (!kinds.has(name)) errors.push(`${path}: "${name}" is not a declared input, KPI, scorecard, table or incentive`);
  };
  const checkTree = (tree: ExprTree, path: string): void => {
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
      default:
        tree.args.forEach((arg, index) => checkTree(arg, `${path}/args/${index}`));
    }
  };

  artifact.kpis.forEach((kpi, index) => checkTree(kpi.expr, `/kpis/${index}/expr`));
  artifact.scorecards.forEach((scorecard, index) =>
    scorecard.lines.forEach((line, lineIndex) => checkName(line.value, `/scorecards/${index}/lines/${lineIndex}/value`)),
  );
  artifact.tables.forEach((table, index) => {
    checkTree(table.key, `/tables/${index}/key`);
    table.rows.forEach((row, rowIndex) => checkTree(row.value, `/tables/${index}/rows/${rowIndex}/value`));
  });
  const checkRequirements = (owner: string, requirements: Artifact["tiers"][number]["requirements"]): void =>
    requirements.forEach((requirement, index) => {
      checkTree(requirement.expr, `${owner}/requirements/${index}/expr`);
      requirement.names.forEach((name, nameIndex) => checkName(name, `${owner}/requirements/${index}/names/${nameIndex}`));
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
    test.expects.forEach((expectation, expectIndex) => checkTree(expectation.expr, `/tests/${index}/expects/${expectIndex}/expr`)),
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
