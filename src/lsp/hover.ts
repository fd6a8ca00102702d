// Hover: what a name is (an input's type, constraints and modifiers; a KPI's
// formula, label, kind and confidentiality; a tier's requirements, inherited
// ones marked, and benefits; a scorecard's lines; a table's rows; an
// incentive's condition and amount), or one line on a reserved word.
import type { Hover, Position } from "vscode-languageserver";
import type { Benefit, Requirement, SourceRange, SubtierDecl, TierDecl } from "../ast/nodes.js";
import type { CheckResult } from "../check/check.js";
import { printExpression } from "../check/expression-text.js";
import { arrayOf } from "../check/expression-tree.js";
import { describeType } from "../check/value-types.js";
import { isFunctionName } from "../functions/catalogue.js";
import { RESERVED_WORDS, type ReservedWord } from "../syntax/tokens.js";
import { tokensOf, type Analysis } from "./analysis.js";
import { FUNCTION_HELP, KEYWORD_HELP } from "./keyword-help.js";
import { toLspRange } from "./positions.js";
import { occurrenceAt, type IndexedSymbol } from "./symbol-index.js";

const RESERVED = new Set<string>(RESERVED_WORDS);

export function hover(analysis: Analysis, position: Position): Hover | null {
  const offset = analysis.document.offsetAt(position);
  const occurrence = occurrenceAt(analysis.index, offset);
  const symbol = occurrence && analysis.index.symbols.get(occurrence.key);
  if (occurrence && symbol) {
    return {
      contents: { kind: "markdown", value: describeSymbol(analysis, symbol) },
      range: toLspRange(analysis.document, occurrence.range),
    };
  }
  const token = tokensOf(analysis).find((t) => t.startOffset <= offset && offset <= (t.endOffset ?? t.startOffset) + 1);
  if (!token) return null;
  const word = token.image;
  const help = RESERVED.has(word)
    ? KEYWORD_HELP[word as ReservedWord]
    : isFunctionName(word) && token.tokenType.name === "Identifier"
      ? FUNCTION_HELP[word]
      : undefined;
  if (help === undefined) return null;
  const range: SourceRange = {
    start: { line: 0, column: 0, offset: token.startOffset },
    end: { line: 0, column: 0, offset: (token.endOffset ?? token.startOffset) + 1 },
  };
  return {
    contents: { kind: "markdown", value: `\`${word}\`: ${help}` },
    range: toLspRange(analysis.document, range),
  };
}

function code(text: string): string {
  return "```ppl\n" + text + "\n```";
}

/** The source text of `range` on one line. */
function sourceText(analysis: Analysis, range: SourceRange | undefined): string {
  if (!range) return "…";
  return analysis.document
    .getText()
    .slice(range.start.offset, range.end.offset)
    .replace(/\s*#[^\n]*/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function quoteName(name: string, quoted: boolean | undefined): string {
  return quoted ? JSON.stringify(name) : name;
}

function kindOf(checked: CheckResult, name: string): string {
  const type = checked.valueTypes.get(name);
  return type ? describeType(type) : "a value of unknown type";
}

function confidentialLine(checked: CheckResult, name: string): string | undefined {
  return checked.dependencies.confidential.has(name)
    ? '**Confidential**: it uses a confidential input, so it is written as "[redacted]".'
    : undefined;
}

export function describeSymbol(analysis: Analysis, symbol: IndexedSymbol): string {
  const checked = analysis.source.checked;
  const lines: (string | undefined)[] = [];
  switch (symbol.kind) {
    case "input": {
      const decl = checked.symbols.values.get(symbol.name);
      if (decl?.kind !== "input") break;
      const input = decl.decl;
      lines.push(code(sourceText(analysis, input.range)));
      lines.push(`Input, ${kindOf(checked, symbol.name)}; ${input.optional ? "optional" : "required"}.`);
      if (input.min) lines.push(`At least ${input.min.text}.`);
      if (input.max) lines.push(`At most ${input.max.text}.`);
      if (input.key) lines.push("**Key**: identifies the partner in every output.");
      if (input.confidential) lines.push('**Confidential**: never written to any output; shows as "[redacted]".');
      break;
    }
    case "kpi": {
      const decl = checked.symbols.values.get(symbol.name);
      if (decl?.kind !== "kpi") break;
      lines.push(code(`kpi ${symbol.name} = ${printExpression(decl.decl.expr)}`));
      lines.push(`KPI "${decl.decl.label?.value ?? symbol.name}", ${kindOf(checked, symbol.name)}.`);
      lines.push(confidentialLine(checked, symbol.name));
      break;
    }
    case "scorecard": {
      const decl = checked.symbols.values.get(symbol.name);
      if (decl?.kind !== "scorecard") break;
      lines.push(`Scorecard \`${symbol.name}\`, a number (the sum of weight × score over its lines):`);
      lines.push(
        code(
          arrayOf(decl.decl.lines)
            .map((line) => sourceText(analysis, line.range))
            .join("\n"),
        ),
      );
      lines.push(confidentialLine(checked, symbol.name));
      break;
    }
    case "table": {
      const decl = checked.symbols.values.get(symbol.name);
      if (decl?.kind !== "table") break;
      lines.push(`Table \`${symbol.name}\` by \`${printExpression(decl.decl.key)}\`, ${kindOf(checked, symbol.name)}:`);
      lines.push(
        code(
          arrayOf(decl.decl.rows)
            .map((row) => sourceText(analysis, row.range))
            .join("\n"),
        ),
      );
      lines.push(confidentialLine(checked, symbol.name));
      break;
    }
    case "incentive": {
      const decl = checked.symbols.values.get(symbol.name);
      if (decl?.kind !== "incentive") break;
      const incentive = decl.decl;
      lines.push(`Incentive "${incentive.label?.value ?? symbol.name}", paid in ${checked.settings.currency}:`);
      const parts = [`when ${incentive.when ? printExpression(incentive.when) : "always"}`];
      parts.push(`amount ${printExpression(incentive.amount)}`);
      if (incentive.cap) parts.push(`cap ${incentive.cap.text}`);
      lines.push(code(parts.join("\n")));
      break;
    }
    case "tier": {
      const tier = checked.symbols.tiers.get(symbol.name);
      if (!tier) break;
      const count = checked.symbols.tierOrder.length;
      const base = tier.decl.extends?.value;
      lines.push(
        `Tier \`${quoteName(symbol.name, tier.decl.name.quoted)}\`, rank ${tier.rank} of ${count}` +
          (base ? `, extends \`${base}\`` : "") +
          ".",
      );
      lines.push(...tierItems(analysis, tierChain(checked, tier.decl)));
      break;
    }
    case "subtier": {
      const subtier = checked.symbols.subtiers.get(symbol.name);
      if (!subtier) break;
      const parent = subtier.decl.parent?.value;
      lines.push(
        `Subtier \`${quoteName(symbol.name, subtier.decl.name.quoted)}\` of \`${parent ?? "…"}\`: for partners at or above ${parent ?? "its tier"} that meet:`,
      );
      lines.push(...tierItems(analysis, [subtier.decl]));
      break;
    }
  }
  return lines.filter((line) => line !== undefined).join("\n\n");
}

/** The tier and the tiers it extends, the tier itself last. */
function tierChain(checked: CheckResult, decl: TierDecl): TierDecl[] {
  const chain: TierDecl[] = [decl];
  const seen = new Set<TierDecl>([decl]);
  let base = decl.extends?.value;
  while (base !== undefined) {
    const next = checked.symbols.tiers.get(base)?.decl;
    if (!next || seen.has(next)) break;
    chain.unshift(next);
    seen.add(next);
    base = next.extends?.value;
  }
  return chain;
}

function tierItems(analysis: Analysis, chain: (TierDecl | SubtierDecl)[]): string[] {
  const own = chain[chain.length - 1];
  const requirements: string[] = [];
  const benefits: string[] = [];
  for (const decl of chain) {
    const inherited = decl === own ? "" : ` *(from ${decl.name?.value ?? "…"})*`;
    for (const item of arrayOf<Requirement | Benefit>(decl.items)) {
      if (item.kind === "require") {
        const label = item.label ? ` — "${item.label.value}"` : "";
        requirements.push(`- \`${printExpression(item.expr)}\`${label}${inherited}`);
      } else if (item.kind === "benefit") {
        benefits.push(`- ${item.text?.value ?? "…"}${inherited}`);
      }
    }
  }
  const lines: string[] = [];
  lines.push(requirements.length > 0 ? `**Requirements**\n${requirements.join("\n")}` : "No requirements.");
  if (benefits.length > 0) lines.push(`**Benefits**\n${benefits.join("\n")}`);
  return lines;
}
