// The checker's result → artifact (spec section 6). Runs only on programs the
// checker passed, and takes from it what it found: the declarations (symbols),
// what every name refers to, every value's type and which values are
// confidential. A name that did not resolve here is an internal error.
import { createHash } from "node:crypto";
import type {
  Expr,
  GivenField,
  IncentiveDecl,
  InputDecl,
  KpiDecl,
  Requirement,
  ScorecardDecl,
  TableDecl,
  TableRow,
  TestDecl,
  TierDecl,
} from "../ast/nodes.js";
import type { CheckResult } from "../check/check.js";
import type { ValueSymbol } from "../check/symbols.js";
import { UNKNOWN, outputType } from "../check/value-types.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { printExpression } from "../syntax/print-expression.js";
import { ARTIFACT_FORMAT, type Artifact } from "./artifact.js";
import { artifactDigest } from "./artifact-integrity.js";
import type {
  ExprTree,
  IncentiveSpec,
  InputSpec,
  KpiSpec,
  ProgramInfo,
  ScorecardSpec,
  SubtierSpec,
  TableRowSpec,
  TableSpec,
  TestSpec,
  TierSpec,
  ValueType,
} from "./artifact-types.js";
import { namesUsed, normalizedExact, toExprTree, type ResolvedNames } from "./expression-tree.js";
import type { ValueKind } from "./fact-names.js";
import { inputSchema, exactStringToDecimalText } from "./input-schema.js";
import { compileRules, sourceLocation, type RequirementSource, type RuleSources } from "./rules.js";

/** The value declarations of one kind, in source order, first of each name only (as the checker's symbols hold them). */
function declarationsOfKind<K extends ValueKind>(checked: CheckResult, kind: K): DeclOf<K>[] {
  const decls: DeclOf<K>[] = [];
  for (const symbol of checked.symbols.values.values()) if (symbol.kind === kind) decls.push(symbol.decl as DeclOf<K>);
  return decls;
}

type DeclOf<K extends ValueKind> = Extract<ValueSymbol, { kind: K }>["decl"];

class Compiler {
  private readonly program: CheckResult["program"];
  private readonly names: ResolvedNames;

  constructor(
    private readonly checked: CheckResult,
    private readonly source: string,
  ) {
    this.program = checked.program;
    this.names = { references: checked.references, tiers: checked.symbols.tiers };
  }

  private location(range: Parameters<typeof sourceLocation>[1]) {
    return sourceLocation(this.program.file, range);
  }

  private tree(expr: Expr): ExprTree {
    return toExprTree(expr, this.names);
  }

  /** The artifact's coarse type of a value, from the type the checker inferred. */
  private typeOfName(name: string): ValueType {
    return outputType(this.checked.valueTypes.get(name) ?? UNKNOWN);
  }

  /** A derived value the checker marked as using a confidential input, directly or through other values. */
  private isConfidential(name: string): boolean {
    return this.checked.dependencies.confidential.has(name);
  }

  // ------------------------------------------------------------ declarations

  private inputSpec(decl: InputDecl): InputSpec {
    const spec: InputSpec = {
      name: decl.name.value,
      type: decl.type.kind,
      optional: decl.optional,
      key: decl.key,
      confidential: decl.confidential,
    };
    if (decl.type.kind === "oneOf" || decl.type.kind === "listOf")
      spec.values = decl.type.values.map((value) => value.value);
    if (decl.min !== undefined) spec.min = normalizedExact(decl.min.value);
    if (decl.max !== undefined) spec.max = normalizedExact(decl.max.value);
    return spec;
  }

  private kpiSpec(decl: KpiDecl): KpiSpec {
    const name = decl.name.value;
    return {
      name,
      label: decl.label?.value ?? name,
      expr: this.tree(decl.expr),
      type: this.typeOfName(name),
      confidential: this.isConfidential(name),
      source: this.location(decl.range),
    };
  }

  private scorecardSpec(decl: ScorecardDecl): ScorecardSpec {
    return {
      name: decl.name.value,
      lines: decl.lines.map((line) => ({
        value: line.value.name,
        weight: normalizedExact(line.weight.value),
        threshold: normalizedExact(line.threshold.value),
        target: normalizedExact(line.target.value),
        max: line.max === undefined ? "1" : normalizedExact(line.max.value),
      })),
      confidential: this.isConfidential(decl.name.value),
      source: this.location(decl.range),
    };
  }

  private tableRow(row: TableRow): TableRowSpec {
    const value = this.tree(row.value);
    switch (row.kind) {
      case "below":
        return { kind: "below", bound: normalizedExact(row.bound.value), value };
      case "range":
        return { kind: "range", from: normalizedExact(row.from.value), to: normalizedExact(row.to.value), value };
      case "above":
        return { kind: "above", bound: normalizedExact(row.bound.value), value };
      case "match":
        return { kind: "match", key: row.key.value, value };
      case "otherwise":
        return { kind: "otherwise", value };
    }
  }

  private tableSpec(decl: TableDecl): TableSpec {
    const name = decl.name.value;
    return {
      name,
      key: this.tree(decl.key),
      rows: decl.rows.map((row) => this.tableRow(row)),
      type: this.typeOfName(name),
      confidential: this.isConfidential(name),
      source: this.location(decl.range),
    };
  }

  private requirement(requirement: Requirement, declaredIn: string): RequirementSource {
    const expr = this.tree(requirement.expr);
    return {
      requirement,
      spec: {
        label: requirement.label?.value ?? printExpression(requirement.expr),
        expr,
        names: namesUsed(expr),
        declaredIn,
        source: this.location(requirement.range),
      },
    };
  }

  /** The tiers `tier` extends, lowest (the root) first, then `tier` itself. */
  private tierChain(tier: TierDecl): TierDecl[] {
    const chain: TierDecl[] = [];
    const seen = new Set<string>();
    let current: TierDecl | undefined = tier;
    while (current !== undefined && !seen.has(current.name.value)) {
      seen.add(current.name.value);
      chain.unshift(current);
      const parent: string | undefined = current.extends?.value;
      current = parent === undefined ? undefined : this.checked.symbols.tiers.get(parent)?.decl;
    }
    return chain;
  }

  private tierSources(): RuleSources["tiers"] {
    return this.checked.symbols.tierOrder.map(({ decl, rank }) => {
      const chain = this.tierChain(decl);
      const requirements = chain.flatMap((member) =>
        member.items.filter(isRequirement).map((item) => this.requirement(item, member.name.value)),
      );
      const benefits = [
        ...new Set(chain.flatMap((member) => member.items.filter(isBenefit).map((item) => item.text.value))),
      ];
      const spec: TierSpec = {
        name: decl.name.value,
        rank,
        ...(decl.extends === undefined ? {} : { extends: decl.extends.value }),
        requirements: requirements.map((requirement) => requirement.spec),
        benefits,
        source: this.location(decl.range),
      };
      return { decl, spec, requirements };
    });
  }

  private subtierSources(): RuleSources["subtiers"] {
    return this.checked.symbols.subtierOrder.map(({ decl }) => {
      const requirements = decl.items.filter(isRequirement).map((item) => this.requirement(item, decl.name.value));
      const parentRank = this.checked.symbols.tiers.get(decl.parent.value)?.rank;
      if (parentRank === undefined) throw new Error(`subtier "${decl.name.value}" has an undeclared parent tier`);
      const spec: SubtierSpec = {
        name: decl.name.value,
        parent: decl.parent.value,
        requirements: requirements.map((requirement) => requirement.spec),
        benefits: [...new Set(decl.items.filter(isBenefit).map((item) => item.text.value))],
        source: this.location(decl.range),
      };
      return { decl, spec, parentRank, requirements };
    });
  }

  private incentiveSpec(decl: IncentiveDecl): IncentiveSpec {
    const name = decl.name.value;
    return {
      name,
      label: decl.label?.value ?? name,
      ...(decl.when === undefined ? {} : { when: this.tree(decl.when) }),
      amount: this.tree(decl.amount),
      ...(decl.cap === undefined ? {} : { cap: normalizedExact(decl.cap.value) }),
      source: this.location(decl.range),
    };
  }

  private testSpec(decl: TestDecl): TestSpec {
    return {
      description: decl.description.value,
      given: Object.fromEntries(decl.given.map((field) => [field.field.value, givenValue(field)])),
      expects: decl.expects.map((expectation) => {
        const expr = this.tree(expectation.expr);
        return {
          text: printExpression(expectation.expr),
          expr,
          names: namesUsed(expr),
          source: this.location(expectation.range),
        };
      }),
      source: this.location(decl.range),
    };
  }

  private programInfo(): ProgramInfo {
    const { version, currency, minorUnits, rounding } = this.checked.settings;
    return {
      name: this.program.header?.name.value ?? this.program.file,
      ...(version === undefined ? {} : { version }),
      currency,
      minorUnits,
      rounding,
    };
  }

  compile(): Artifact {
    const program = this.programInfo();
    const inputs = declarationsOfKind(this.checked, "input").map((decl) => this.inputSpec(decl));
    const tiers = this.tierSources();
    const subtiers = this.subtierSources();
    const incentives = declarationsOfKind(this.checked, "incentive").map((decl) => ({
      decl,
      spec: this.incentiveSpec(decl),
    }));
    const valueKinds = new Map<string, ValueKind>(
      [...this.checked.symbols.values].map(([name, symbol]) => [name, symbol.kind]),
    );
    const { rules, sourceMap } = compileRules({
      file: this.program.file,
      tierRanks: new Map(this.checked.symbols.tierOrder.map((tier) => [tier.name, tier.rank])),
      valueKinds,
      tiers,
      subtiers,
      incentives,
    });
    const artifact: Artifact = {
      format: ARTIFACT_FORMAT,
      program,
      sourceFile: this.program.file,
      sourceHash: `sha256:${createHash("sha256").update(this.source, "utf8").digest("hex")}`,
      digest: "",
      inputSchema: inputSchema(inputs, program.name),
      inputs,
      kpis: declarationsOfKind(this.checked, "kpi").map((decl) => this.kpiSpec(decl)),
      scorecards: declarationsOfKind(this.checked, "scorecard").map((decl) => this.scorecardSpec(decl)),
      tables: declarationsOfKind(this.checked, "table").map((decl) => this.tableSpec(decl)),
      tiers: tiers.map((tier) => tier.spec),
      subtiers: subtiers.map((subtier) => subtier.spec),
      incentives: incentives.map((incentive) => incentive.spec),
      tests: this.program.declarations
        .filter((decl): decl is TestDecl => decl.kind === "test")
        .map((decl) => this.testSpec(decl)),
      rules,
      sourceMap: Object.fromEntries(Object.entries(sourceMap)),
    };
    artifact.digest = artifactDigest(artifact);
    return artifact;
  }
}

function isRequirement(item: TierDecl["items"][number]): item is Requirement {
  return item.kind === "require";
}

function isBenefit(item: TierDecl["items"][number]): item is Extract<TierDecl["items"][number], { kind: "benefit" }> {
  return item.kind === "benefit";
}

/**
 * A `given` value in the shape of a raw JSON field (src/io/raw-record.ts), so
 * the test runner types and checks it exactly like partner data: numbers keep
 * their exact decimal text.
 */
export type GivenValue =
  | { kind: "number"; text: string }
  | { kind: "string"; value: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "array"; items: GivenValue[] };

function givenValue(field: GivenField): GivenValue {
  const literal = (expr: Expr): GivenValue => {
    switch (expr.kind) {
      case "number":
        return { kind: "number", text: exactStringToDecimalText(normalizedExact(expr.value)) };
      case "string":
        return { kind: "string", value: expr.value };
      case "boolean":
        return { kind: "boolean", value: expr.value };
      case "list":
        return { kind: "array", items: expr.items.map(literal) };
      case "paren":
        return literal(expr.inner);
      case "unary":
        if (expr.op === "-" && expr.operand.kind === "number") {
          const text = exactStringToDecimalText(normalizedExact(expr.operand.value));
          return { kind: "number", text: text === "0" ? text : `-${text}` };
        }
        break;
      default:
        break;
    }
    throw new Error(`a given value must be a literal, not ${printExpression(expr)}`);
  };
  return literal(field.value);
}

/**
 * The artifact of a program the checker passed (`checkProgram`'s result, with
 * the source text it was parsed from); the same source gives the same artifact.
 *
 * It is checked against the published schema where it leaves the process
 * (`ppl compile` validates the text it writes) and in the tests (every
 * program compiled there), not here: `ppl run`, `explain` and `test` of a
 * .ppl use it in memory, and loading and running the validators cost each of
 * them about 50 ms of start-up.
 */
export function compileProgram(checked: CheckResult, source: string): Artifact {
  if (hasErrors(checked.diagnostics)) throw new Error("cannot compile a program the checker rejected");
  return new Compiler(checked, source).compile();
}
