// The outline: the program header and every declaration, with the lines of a
// scorecard, the requirements of a tier and the expectations of a test below it.
import { SymbolKind, type DocumentSymbol } from "vscode-languageserver";
import type { Declaration, SourceRange } from "../ast/nodes.js";
import { printExpression } from "../check/expression-text.js";
import { arrayOf, declarationsOf } from "../check/expression-tree.js";
import type { Analysis } from "./analysis.js";
import { toLspRange } from "./positions.js";

const KINDS: Record<Declaration["kind"], SymbolKind> = {
  input: SymbolKind.Field,
  kpi: SymbolKind.Variable,
  tier: SymbolKind.Class,
  subtier: SymbolKind.Class,
  scorecard: SymbolKind.Object,
  table: SymbolKind.Struct,
  incentive: SymbolKind.Event,
  test: SymbolKind.Method,
};

export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  const { document } = analysis;
  const program = analysis.source.program;
  const symbol = (
    name: string,
    detail: string,
    kind: SymbolKind,
    range: SourceRange,
    selection: SourceRange | undefined,
    children?: DocumentSymbol[],
  ): DocumentSymbol => {
    const full = toLspRange(document, range);
    // The selection must lie inside the range, even in a recovered declaration.
    const selected =
      selection && selection.start.offset >= range.start.offset && selection.end.offset <= range.end.offset
        ? toLspRange(document, selection)
        : full;
    return {
      name: name.length > 0 ? name : "…",
      detail,
      kind,
      range: full,
      selectionRange: selected,
      ...(children ? { children } : {}),
    };
  };
  const found: DocumentSymbol[] = [];
  if (program.header?.range) {
    found.push(
      symbol(
        `program ${program.header.name?.text ?? ""}`,
        "program",
        SymbolKind.Namespace,
        program.header.range,
        program.header.name?.range,
      ),
    );
  }
  for (const decl of declarationsOf(program)) {
    if (!decl.range) continue;
    switch (decl.kind) {
      case "test":
        found.push(
          symbol(
            decl.description?.value ?? "test",
            "test",
            KINDS.test,
            decl.range,
            decl.description?.range,
            arrayOf(decl.expects)
              .filter((e) => e.range)
              .map((e) => symbol(`expect ${printExpression(e.expr)}`, "expect", SymbolKind.Boolean, e.range, e.range)),
          ),
        );
        break;
      case "tier":
      case "subtier":
        found.push(
          symbol(
            decl.name?.value ?? "",
            decl.kind,
            KINDS[decl.kind],
            decl.range,
            decl.name?.range,
            arrayOf(decl.items)
              .filter((item) => item.range && item.kind === "require")
              .map((item) => {
                const requirement = item as Extract<typeof item, { kind: "require" }>;
                return symbol(
                  requirement.label?.value ?? printExpression(requirement.expr),
                  "require",
                  SymbolKind.Boolean,
                  item.range,
                  item.range,
                );
              }),
          ),
        );
        break;
      case "scorecard":
        found.push(
          symbol(
            decl.name?.value ?? "",
            "scorecard",
            KINDS.scorecard,
            decl.range,
            decl.name?.range,
            arrayOf(decl.lines)
              .filter((line) => line.range && line.value?.name)
              .map((line) =>
                symbol(
                  line.value.name,
                  `weight ${line.weight?.text ?? "…"}`,
                  SymbolKind.Property,
                  line.range,
                  line.value.range,
                ),
              ),
          ),
        );
        break;
      default:
        found.push(
          symbol(
            decl.name?.value ?? "",
            decl.kind === "kpi" ? "KPI" : decl.kind,
            KINDS[decl.kind],
            decl.range,
            decl.name?.range,
          ),
        );
    }
  }
  return found;
}
