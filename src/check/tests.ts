// Stage "tests": each test's `given` names inputs, once each, with literal
// values of the input's type. (Names in `expect` are resolved by "resolve".)
import type { Expr, GivenField, InputDecl, TestDecl } from "../ast/nodes.js";
import type { CheckContext } from "./check-context.js";
import { arrayOf, declarationsOf, isExpr } from "./expression-tree.js";
import { printExpression } from "./expression-text.js";
import { parseRational } from "./rational.js";
import { suggest } from "../diagnostics/diagnostic.js";
import { closestName, stringLiteral } from "../diagnostics/suggestions.js";
import { stringValues } from "./types.js";

export function checkTests(ctx: CheckContext): void {
  for (const decl of declarationsOf(ctx.program)) {
    if (decl.kind === "test") checkGiven(ctx, decl);
  }
}

function inputsByName(ctx: CheckContext): Map<string, InputDecl> {
  const inputs = new Map<string, InputDecl>();
  for (const symbol of ctx.symbols.values.values()) if (symbol.kind === "input") inputs.set(symbol.name, symbol.decl);
  return inputs;
}

function checkGiven(ctx: CheckContext, test: TestDecl): void {
  const inputs = inputsByName(ctx);
  const seen = new Map<string, GivenField>();
  for (const given of arrayOf(test.given)) {
    const name = given.field?.value;
    if (typeof name !== "string") continue;
    const first = seen.get(name);
    if (first) {
      ctx.report(
        "PPL5003",
        given.field.range,
        { name },
        { related: [ctx.related(first.field.range, `${name} is first given here`)] },
      );
      continue;
    }
    seen.set(name, given);
    const input = inputs.get(name);
    if (!input) {
      const symbol = ctx.symbols.values.get(name);
      const suggestion = closestName(name, inputs.keys());
      ctx.report(
        "PPL5001",
        given.field.range,
        symbol ? { name, actually: symbol.kind === "kpi" ? "KPI" : symbol.kind } : { name },
        { suggestion: suggest(suggestion, given.field.range) },
      );
      continue;
    }
    if (isExpr(given.value) && isLiteralForm(given.value)) checkGivenValue(ctx, input, given.value);
  }
}

/** Values the parser accepts in `given`; it reports anything else (PPL1014). */
function isLiteralForm(expr: Expr): boolean {
  return (
    expr.kind === "number" ||
    expr.kind === "string" ||
    expr.kind === "boolean" ||
    expr.kind === "list" ||
    numberValue(expr) !== undefined
  );
}

/** The literal's exact value when `expr` is a number, possibly negated. */
function numberValue(expr: Expr): string | undefined {
  if (expr.kind === "number") return expr.value;
  if (expr.kind === "unary" && expr.op === "-" && expr.operand?.kind === "number") {
    const value = expr.operand.value;
    return value.startsWith("-") ? value.slice(1) : `-${value}`;
  }
  return undefined;
}

function checkGivenValue(ctx: CheckContext, input: InputDecl, value: Expr): void {
  const name = input.name.value;
  const written = printExpression(value);
  const wrongType = (wanted: string, example: string): void =>
    ctx.report("PPL5002", value.range, { name, wanted, given: written, example });
  switch (input.type?.kind) {
    case "text":
      if (value.kind !== "string") wrongType("text", `a string, such as "${written}"`);
      return;
    case "boolean":
      if (value.kind !== "boolean") wrongType("a boolean", "`true` or `false`");
      return;
    case "number":
    case "money":
    case "percent":
    case "integer": {
      const exact = numberValue(value);
      if (exact === undefined) {
        wrongType(
          input.type.kind === "integer" ? "an integer" : `a ${input.type.kind} value`,
          "a number, such as 100 or 2.5",
        );
      } else if (input.type.kind === "integer" && parseRational(exact)?.d !== 1n) {
        wrongType("an integer", "a whole number");
      }
      return;
    }
    case "oneOf": {
      const values = stringValues(input.type.values);
      if (value.kind !== "string")
        wrongType(`one of ${values.map((v) => JSON.stringify(v)).join(", ")}`, "one of those strings");
      else if (typeof value.value === "string" && !values.includes(value.value))
        notAllowed(ctx, name, value.value, values, value.range);
      return;
    }
    case "listOf": {
      const values = stringValues(input.type.values);
      if (value.kind !== "list") {
        wrongType(
          "a list",
          `a list of its values, such as [${values
            .slice(0, 2)
            .map((v) => JSON.stringify(v))
            .join(", ")}]`,
        );
        return;
      }
      const listed = new Set<string>();
      for (const item of arrayOf(value.items)) {
        if (item.kind !== "string" || typeof item.value !== "string") {
          ctx.report("PPL5002", item.range, { name, listItem: printExpression(item) });
        } else if (!values.includes(item.value)) {
          notAllowed(ctx, name, item.value, values, item.range);
        } else if (listed.has(item.value)) {
          ctx.report("PPL5005", item.range, { name, value: item.value });
        }
        if (item.kind === "string") listed.add(item.value);
      }
      return;
    }
    default:
      return;
  }
}

function notAllowed(ctx: CheckContext, name: string, value: string, values: string[], range: Expr["range"]): void {
  const suggestion = closestName(value, values);
  ctx.report(
    "PPL5004",
    range,
    { name, value, values },
    { suggestion: suggest(suggestion, range, suggestion === undefined ? undefined : stringLiteral(suggestion)) },
  );
}
