// Stage "types": infers a type for every expression and named value, and
// checks that operators, functions, conditions, amounts, table keys and
// scorecard values get values of the kind they need (spec section 4).
import type { BinaryExpr, CallExpr, Expr, InExpr, InputDecl, StringLiteral, TableDecl } from "../ast/nodes.js";
import { functionSpec, isFunctionName } from "../functions/catalogue.js";
import type { CheckContext } from "./check-context.js";
import { derivedUses } from "./cycles.js";
import { dependencyOrder } from "./dependency-order.js";
import { arrayOf, declarationsOf, expressionSites, isExpr, type ExpressionRole } from "./expression-tree.js";
import { printExpression } from "./expression-text.js";
import { closestName } from "./suggestions.js";
import {
  BOOLEAN,
  describeType,
  INTEGER,
  isNumeric,
  isTextual,
  MONEY,
  NUMBER,
  PERCENT,
  TEXT,
  TIER,
  UNKNOWN,
  type NumericKind,
  type ValueType,
} from "./value-types.js";

const ORDERING = new Set(["<", "<=", ">", ">="]);
const EQUALITY = new Set(["=", "!="]);
const ARITHMETIC = new Set(["+", "-", "*", "/"]);

/** Strips parentheses: `((x))` → `x`. */
function unwrap(expr: Expr | undefined): Expr | undefined {
  let node = expr;
  while (node?.kind === "paren") node = node.inner;
  return node;
}

function quote(expr: Expr | undefined): string {
  return `\`${printExpression(expr)}\``;
}

/** Drops the "bare literal" mark once a value has a name of its own. */
function named(type: ValueType): ValueType {
  return isNumeric(type) && type.literal ? { kind: type.kind } : type;
}

/** The values of a `one of` / `list of`, skipping holes. */
export function stringValues(values: readonly StringLiteral[] | undefined): string[] {
  return arrayOf(values)
    .map((v) => v.value)
    .filter((v): v is string => typeof v === "string");
}

function inputType(decl: InputDecl): ValueType {
  const type = decl.type;
  switch (type?.kind) {
    case "text":
      return TEXT;
    case "boolean":
      return BOOLEAN;
    case "number":
    case "integer":
    case "money":
    case "percent":
      return { kind: type.kind };
    case "oneOf":
      return { kind: "set", values: stringValues(type.values), source: decl.name.value };
    case "listOf":
      return {
        kind: "list",
        item: { kind: "set", values: stringValues(type.values), source: decl.name.value },
      };
    default:
      return UNKNOWN;
  }
}

type TypeClass = "numeric" | "boolean" | "textual" | "list" | "tier" | "unknown";

function typeClass(type: ValueType): TypeClass {
  if (isNumeric(type)) return "numeric";
  if (isTextual(type)) return "textual";
  return type.kind as TypeClass;
}

function sameClass(a: ValueType, b: ValueType): boolean {
  if (a.kind === "unknown" || b.kind === "unknown") return true;
  if (a.kind === "list" && b.kind === "list") return sameClass(a.item, b.item);
  return typeClass(a) === typeClass(b);
}

/** Infers types; one instance per checked program. */
export class ExpressionTyper {
  private readonly inProgress = new Set<string>();

  constructor(private readonly ctx: CheckContext) {}

  private get subtierSet(): ValueType {
    return { kind: "set", values: this.ctx.symbols.subtierOrder.map((s) => s.name), source: "subtiers" };
  }

  /**
   * Types every derived value, each after the values it uses, so that no
   * value's type recurses into another's: a chain of any length stays one
   * level deep. A use that closes a cycle reads as unknown (the cycle is
   * reported by the cycles stage).
   */
  typeAllValues(uses: ReadonlyMap<string, readonly string[]>): void {
    const order = dependencyOrder(uses.keys(), (name) => uses.get(name) ?? []);
    for (const name of order) this.inProgress.add(name);
    for (const name of order) {
      this.inProgress.delete(name);
      this.valueType(name);
    }
  }

  /** The type of a named value; unknown while it is being computed (a cycle, reported by the cycles stage). */
  valueType(name: string): ValueType {
    const known = this.ctx.valueTypes.get(name);
    if (known) return known;
    const symbol = this.ctx.symbols.values.get(name);
    if (!symbol || this.inProgress.has(name)) return UNKNOWN;
    this.inProgress.add(name);
    let type: ValueType;
    switch (symbol.kind) {
      case "input":
        type = inputType(symbol.decl);
        break;
      case "kpi":
        type = isExpr(symbol.decl.expr) ? named(this.typeOf(symbol.decl.expr)) : UNKNOWN;
        break;
      case "scorecard":
        type = PERCENT;
        break;
      case "table":
        type = named(this.tableValueType(symbol.decl));
        break;
      case "incentive":
        type = MONEY;
        break;
    }
    this.inProgress.delete(name);
    this.ctx.valueTypes.set(name, type);
    return type;
  }

  private tableValueType(decl: TableDecl): ValueType {
    const rows = arrayOf(decl.rows).filter((row) => isExpr(row.value));
    return this.unify(
      rows.map((row) => row.value),
      (first, other) =>
        `the rows of table ${decl.name?.value} give different kinds of value: this row gives ${describeType(other)}, ` +
        `an earlier one ${describeType(first)}; make every row give the same kind of value`,
    );
  }

  typeOf(expr: Expr | undefined): ValueType {
    if (!isExpr(expr)) return UNKNOWN;
    const known = this.ctx.types.get(expr);
    if (known) return known;
    // Marked first so a malformed self-referencing tree cannot recurse forever.
    this.ctx.types.set(expr, UNKNOWN);
    const type = this.infer(expr);
    this.ctx.types.set(expr, type);
    return type;
  }

  private infer(expr: Expr): ValueType {
    switch (expr.kind) {
      case "number":
        return { kind: expr.suffix === "%" ? "percent" : "number", literal: true };
      case "string":
        return TEXT;
      case "boolean":
        return BOOLEAN;
      case "name": {
        const target = this.ctx.references.get(expr);
        if (!target) return UNKNOWN;
        if (target.kind === "tier") return TIER;
        if (target.kind === "subtier") return this.subtierSet;
        return this.valueType(target.name);
      }
      case "tier":
        return TIER;
      case "subtiers":
        return { kind: "list", item: this.subtierSet };
      case "total":
        return MONEY;
      case "list": {
        const item = this.unify(
          arrayOf(expr.items),
          (first, other) =>
            `a list holds values of one kind, but this item is ${describeType(other)} and an earlier one ${describeType(first)}; ` +
            "make every item the same kind",
        );
        return { kind: "list", item: named(item) };
      }
      case "paren":
        return this.typeOf(expr.inner);
      case "unary":
        return this.unary(expr.op, expr.operand);
      case "binary":
        return this.binary(expr);
      case "in":
        return this.inList(expr);
      case "between": {
        for (const part of [expr.value, expr.low, expr.high]) {
          const type = this.typeOf(part);
          if (type.kind !== "unknown" && !isNumeric(type)) {
            this.ctx.report(
              "PPL3003",
              part?.range,
              `\`between\` compares numbers, but ${quote(part)} is ${describeType(type)}; use a numeric value here`,
            );
          }
        }
        return BOOLEAN;
      }
      case "isMissing":
        this.typeOf(expr.operand);
        return BOOLEAN;
      case "if":
        this.requireBoolean(expr.condition, "the condition of `if`");
        return this.unify(
          [expr.then, expr.else],
          (first, other) =>
            `the \`then\` branch gives ${describeType(first)} but the \`else\` branch gives ${describeType(other)}; ` +
            "make both branches the same kind of value",
        );
      case "call":
        return this.call(expr);
      default:
        return UNKNOWN;
    }
  }

  /** Reports a condition that is not true/false. */
  requireBoolean(expr: Expr | undefined, what: string): void {
    const type = this.typeOf(expr);
    if (type.kind === "unknown" || type.kind === "boolean" || !expr) return;
    this.ctx.report(
      "PPL3004",
      expr.range,
      `${what} must be true or false, but ${quote(expr)} is ${describeType(type)}; compare it with something, e.g. ${quote(expr)} >= ...`,
    );
  }

  private unary(op: "-" | "not", operand: Expr | undefined): ValueType {
    if (op === "not") {
      this.requireBoolean(operand, "the operand of `not`");
      return BOOLEAN;
    }
    const type = this.typeOf(operand);
    if (type.kind === "unknown") return UNKNOWN;
    if (!isNumeric(type)) {
      this.ctx.report(
        "PPL3001",
        operand?.range,
        `\`-\` needs a number, but ${quote(operand)} is ${describeType(type)}; negate a numeric value instead`,
      );
      return UNKNOWN;
    }
    return type;
  }

  private binary(expr: BinaryExpr): ValueType {
    if (expr.op === "and" || expr.op === "or") {
      this.requireBoolean(expr.left, `each side of \`${expr.op}\``);
      this.requireBoolean(expr.right, `each side of \`${expr.op}\``);
      return BOOLEAN;
    }
    if (expr.op === "otherwise") {
      return this.unify(
        [expr.left, expr.right],
        (first, other) =>
          `\`otherwise\` replaces a missing ${describeType(first)} with ${describeType(other)}; ` +
          "give a fallback of the same kind as the value before `otherwise`",
      );
    }
    if (ARITHMETIC.has(expr.op)) return this.arithmetic(expr);
    this.comparison(expr);
    return BOOLEAN;
  }

  private arithmetic(expr: BinaryExpr): ValueType {
    const left = this.typeOf(expr.left);
    const right = this.typeOf(expr.right);
    let ok = true;
    for (const [side, type] of [
      [expr.left, left],
      [expr.right, right],
    ] as const) {
      if (type.kind !== "unknown" && !isNumeric(type)) {
        ok = false;
        this.ctx.report(
          "PPL3001",
          side?.range,
          `\`${expr.op}\` needs numbers on both sides, but ${quote(side)} is ${describeType(type)}; use a numeric value here`,
        );
      }
    }
    if (!ok || !isNumeric(left) || !isNumeric(right)) return UNKNOWN;
    if (left.literal && right.literal) return { kind: "number", literal: true };
    const money = (t: ValueType): boolean => t.kind === "money";
    switch (expr.op) {
      case "+":
      case "-":
        // A bare literal takes the other side's kind: `revenue - 10k` is money.
        if ((money(left) && (money(right) || right.literal)) || (money(right) && left.literal)) return MONEY;
        return NUMBER;
      case "*":
        if (money(left) && money(right)) {
          this.ctx.report(
            "PPL3002",
            expr.range,
            `${quote(expr)} multiplies money by money, which has no meaning as an amount; ` +
              "multiply money by a number or percent instead (divide one side by a money value to get a ratio)",
          );
          return UNKNOWN;
        }
        return money(left) || money(right) ? MONEY : NUMBER;
      case "/":
        if (money(left) && !money(right)) return MONEY;
        return NUMBER;
      default:
        return UNKNOWN;
    }
  }

  private comparison(expr: BinaryExpr): void {
    const left = this.typeOf(expr.left);
    const right = this.typeOf(expr.right);
    if (left.kind === "unknown" || right.kind === "unknown") return;
    const ordering = ORDERING.has(expr.op);
    if (left.kind === "tier" || right.kind === "tier") {
      const [other, otherExpr] = left.kind === "tier" ? [right, expr.right] : [left, expr.left];
      if (other.kind === "tier") return;
      const literal = unwrap(otherExpr);
      if (literal?.kind === "string") {
        this.checkTierString(literal);
        return;
      }
      this.mismatch(expr, left, right, "compare `tier` with a tier name, such as `tier >= " + (this.ctx.symbols.tierOrder[0]?.name ?? "Member") + "`");
      return;
    }
    if (!sameClass(left, right)) {
      this.mismatch(expr, left, right, "compare values of the same kind");
      return;
    }
    if (left.kind === "list") {
      this.ctx.report(
        "PPL3003",
        expr.range,
        `lists cannot be compared with \`${expr.op}\`; test membership with \`in\`, e.g. \`"A" in ${printExpression(expr.left)}\``,
      );
      return;
    }
    if (ordering && (left.kind === "boolean" || isTextual(left))) {
      this.ctx.report(
        "PPL3003",
        expr.range,
        `${left.kind === "boolean" ? "true/false values" : "text"} cannot be ordered with \`${expr.op}\`; use \`=\` or \`!=\``,
      );
      return;
    }
    if (EQUALITY.has(expr.op)) {
      this.checkStringAgainst(expr.left, right);
      this.checkStringAgainst(expr.right, left);
    }
  }

  private mismatch(expr: BinaryExpr, left: ValueType, right: ValueType, advice: string): void {
    this.ctx.report(
      "PPL3003",
      expr.range,
      `cannot compare ${quote(expr.left)} (${describeType(left)}) with ${quote(expr.right)} (${describeType(right)}); ${advice}`,
    );
  }

  /** A string literal compared with a value from a fixed set must be one of the set's values. */
  private checkStringAgainst(expr: Expr | undefined, other: ValueType): void {
    const literal = unwrap(expr);
    if (literal?.kind !== "string" || other.kind !== "set") return;
    this.checkInSet(literal, other);
  }

  checkInSet(literal: StringLiteral, set: Extract<ValueType, { kind: "set" }>): void {
    if (typeof literal.value !== "string" || set.values.includes(literal.value)) return;
    const suggestion = closestName(literal.value, set.values);
    const values = set.values.map((v) => JSON.stringify(v)).join(", ");
    const what =
      set.source === "subtiers"
        ? `is not the name of a subtier (${values || "none is declared"})`
        : `is not one of the values of ${set.source} (${values})`;
    const fix =
      suggestion !== undefined
        ? `did you mean ${JSON.stringify(suggestion)}?`
        : set.source === "subtiers"
          ? "use a declared subtier name"
          : `use one of them, or add it to the values of ${set.source}`;
    this.ctx.report("PPL3007", literal.range, `${JSON.stringify(literal.value)} ${what}; ${fix}`);
  }

  checkTierString(literal: StringLiteral): void {
    if (typeof literal.value !== "string" || this.ctx.symbols.tiers.has(literal.value)) return;
    const suggestion = closestName(literal.value, this.ctx.symbols.tiers.keys());
    this.ctx.report(
      "PPL2015",
      literal.range,
      `there is no tier named ${JSON.stringify(literal.value)}` +
        (suggestion !== undefined
          ? `; did you mean ${suggestion}?`
          : `; use one of the declared tiers (${[...this.ctx.symbols.tiers.keys()].join(", ") || "none is declared yet"})`),
    );
  }

  private inList(expr: InExpr): ValueType {
    const item = this.typeOf(expr.item);
    const list = this.typeOf(expr.list);
    const keyword = expr.negated ? "not in" : "in";
    if (list.kind === "unknown") return BOOLEAN;
    if (list.kind !== "list") {
      this.ctx.report(
        "PPL3006",
        expr.list?.range,
        `\`${keyword}\` needs a list on its right, but ${quote(expr.list)} is ${describeType(list)}; ` +
          "name a `list of` input or `subtiers`, write a list such as `[\"A\", \"B\"]`, or use `=` to compare single values",
      );
      return BOOLEAN;
    }
    if (item.kind === "unknown" || list.item.kind === "unknown") {
      this.checkListedStrings(expr, item);
      return BOOLEAN;
    }
    if (item.kind === "tier") {
      const listExpr = unwrap(expr.list);
      if (listExpr?.kind === "list") {
        for (const entry of arrayOf(listExpr.items)) {
          const literal = unwrap(entry);
          if (literal?.kind === "string") this.checkTierString(literal);
        }
        if (list.item.kind === "tier" || isTextual(list.item)) return BOOLEAN;
      } else if (list.item.kind === "tier") {
        return BOOLEAN;
      }
    }
    if (!sameClass(item, list.item)) {
      this.ctx.report(
        "PPL3015",
        expr.range,
        `${quote(expr.item)} is ${describeType(item)}, but ${quote(expr.list)} is ${describeType(list)}, so it can never be ${keyword === "in" ? "in" : "outside"} it; ` +
          "test a value of the same kind as the list's items",
      );
      return BOOLEAN;
    }
    if (list.item.kind === "set") this.checkStringAgainst(expr.item, list.item);
    this.checkListedStrings(expr, item);
    return BOOLEAN;
  }

  /** `region in ["AMS", "EMAE"]`: each listed string must be one of the set's values. */
  private checkListedStrings(expr: InExpr, item: ValueType): void {
    const listExpr = unwrap(expr.list);
    if (item.kind !== "set" || listExpr?.kind !== "list") return;
    for (const entry of arrayOf(listExpr.items)) {
      const literal = unwrap(entry);
      if (literal?.kind === "string") this.checkInSet(literal, item);
    }
  }

  private call(expr: CallExpr): ValueType {
    const args = arrayOf(expr.args);
    const types = args.map((arg) => this.typeOf(arg));
    if (!isFunctionName(expr.callee)) return UNKNOWN;
    const spec = functionSpec(expr.callee);
    const [least, most] = spec.arity;
    const usage = spec.usage;
    if (args.length < least || args.length > most) {
      const wanted = least === most ? `${least}` : `at least ${least}`;
      this.ctx.report(
        "PPL3008",
        expr.range,
        `\`${expr.callee}\` takes ${wanted} argument${least === 1 && most === 1 ? "" : "s"} but is given ${args.length}; write it as \`${usage}\``,
      );
    }
    if (spec.argument === "list") {
      const type = types[0];
      if (type && type.kind !== "unknown" && type.kind !== "list") {
        this.argumentError(expr, args[0], type, "a list (a `list of` input, `subtiers` or `[...]`)");
      }
      return INTEGER;
    }
    let ok = true;
    args.forEach((arg, i) => {
      const type = types[i];
      if (type.kind !== "unknown" && !isNumeric(type)) {
        ok = false;
        this.argumentError(expr, arg, type, "a number");
      }
    });
    if (expr.callee === "round" && args[1]) {
      const digits = unwrap(args[1]);
      if (digits?.kind === "number" && (!/^\d+$/.test(digits.value) || digits.suffix === "%")) {
        this.ctx.report(
          "PPL3009",
          args[1].range,
          `the digits of \`round\` must be a whole number of decimal places, such as 0 or 2, not ${digits.text}; correct it`,
        );
      }
    }
    if (!ok || args.length === 0) return UNKNOWN;
    if (spec.result === "common") return this.unify(args, () => "");
    return named(types[0]);
  }

  private argumentError(expr: CallExpr, arg: Expr, type: ValueType, wanted: string): void {
    this.ctx.report(
      "PPL3009",
      arg.range,
      `\`${expr.callee}\` needs ${wanted} here, but ${quote(arg)} is ${describeType(type)}; pass ${wanted}`,
    );
  }

  /**
   * The common type of alternatives (if branches, table rows, list items, min/max
   * arguments). Reports an alternative of another kind with `message(first, other)`.
   */
  unify(exprs: (Expr | undefined)[], message: (first: ValueType, other: ValueType) => string): ValueType {
    const entries = exprs
      .filter(isExpr)
      .map((expr) => ({ expr, type: this.typeOf(expr) }))
      .filter((entry) => entry.type.kind !== "unknown");
    if (entries.length === 0) return UNKNOWN;
    const first = entries[0].type;
    for (const entry of entries.slice(1)) {
      if (!sameClass(first, entry.type)) {
        this.ctx.report("PPL3014", entry.expr.range, message(first, entry.type));
        return first;
      }
    }
    if (isNumeric(first)) {
      const numeric = entries.map((e) => e.type).filter(isNumeric);
      const declared = numeric.filter((t) => !t.literal);
      const kinds = new Set<NumericKind>((declared.length > 0 ? declared : numeric).map((t) => t.kind));
      const kind: NumericKind = kinds.size === 1 ? [...kinds][0] : "number";
      return declared.length === 0 ? { kind, literal: true } : { kind };
    }
    if (first.kind === "set") {
      const sameSet = entries.every((e) => e.type.kind === "set" && e.type.source === first.source);
      return sameSet ? first : TEXT;
    }
    return first;
  }
}

const SITE_CONDITIONS: Partial<Record<ExpressionRole, string>> = {
  requirement: "a requirement",
  when: "the `when` condition",
  expect: "an `expect`",
};

export function inferTypes(ctx: CheckContext): void {
  const typer = new ExpressionTyper(ctx);
  typer.typeAllValues(derivedUses(ctx));
  for (const symbol of ctx.symbols.values.values()) typer.valueType(symbol.name);
  for (const site of expressionSites(ctx.program)) {
    const what = SITE_CONDITIONS[site.role];
    if (what !== undefined) {
      typer.requireBoolean(site.expr, what);
      continue;
    }
    const type = typer.typeOf(site.expr);
    if (site.role === "amount" && type.kind !== "unknown" && !isNumeric(type)) {
      ctx.report(
        "PPL3005",
        site.expr.range,
        `the amount of an incentive must be numeric, but ${quote(site.expr)} is ${describeType(type)}; write a formula that gives money or a number`,
      );
    }
  }
  for (const decl of declarationsOf(ctx.program)) {
    if (decl.kind === "table") checkTableKey(ctx, typer, decl);
    if (decl.kind === "scorecard") {
      for (const line of arrayOf(decl.lines)) {
        const target = line.value && ctx.references.get(line.value);
        if (!target || target.kind === "tier" || target.kind === "subtier") continue;
        const type = typer.valueType(target.name);
        ctx.types.set(line.value, type);
        if (type.kind !== "unknown" && !isNumeric(type)) {
          ctx.report(
            "PPL3013",
            line.value.range,
            `a scorecard line scores a numeric value, but ${target.name} is ${describeType(type)}; ` +
              "score a number, money or percent value (define a KPI that turns it into one)",
          );
        }
      }
    }
  }
}

function checkTableKey(ctx: CheckContext, typer: ExpressionTyper, decl: TableDecl): void {
  const rows = arrayOf(decl.rows);
  const bands = rows.some((row) => row.kind === "below" || row.kind === "range" || row.kind === "above");
  const matches = rows.some((row) => row.kind === "match" || row.kind === "otherwise");
  const key = typer.typeOf(decl.key);
  const tableName = decl.name?.value ?? "this table";
  if (bands === matches || key.kind === "unknown" || !decl.key) return; // mixed rows are reported by the tables stage
  if (bands) {
    if (!isNumeric(key)) {
      ctx.report(
        "PPL3010",
        decl.key.range,
        `table ${tableName} has bands, which need a numeric key, but ${quote(decl.key)} is ${describeType(key)}; ` +
          "key the table by a number, or use match rows such as `\"A\": 1`",
      );
    }
    return;
  }
  if (key.kind !== "tier" && !isTextual(key)) {
    ctx.report(
      "PPL3011",
      decl.key.range,
      `table ${tableName} has match rows, which need a key that is \`tier\`, a \`one of\` input or text, but ${quote(decl.key)} is ${describeType(key)}; ` +
        (isNumeric(key) ? "use bands (`below X:`, `X to Y:`, `X and above:`) for a numeric key" : "key the table by such a value"),
    );
    return;
  }
  for (const row of rows) {
    if (row.kind !== "match" || typeof row.key?.value !== "string") continue;
    const literal: StringLiteral = { kind: "string", value: row.key.value, text: JSON.stringify(row.key.value), range: row.key.range };
    if (key.kind === "tier") {
      typer.checkTierString(literal);
    } else if (!row.key.quoted) {
      ctx.report(
        "PPL3012",
        row.key.range,
        `table ${tableName} is keyed by ${quote(decl.key)}, which is ${describeType(key)}, so its row keys are strings; ` +
          `write "${row.key.value}" in quotes`,
      );
    } else if (key.kind === "set") {
      typer.checkInSet(literal, key);
    }
  }
}
