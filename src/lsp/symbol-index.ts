// Every place a declared name occurs, built from the checker's result: the
// declarations, the names it resolved in expressions and scorecard lines, and
// the places that name tiers outside expressions (`extends`, `of`, the rows
// of a table by tier, quoted names compared with `tier` or tested against
// `subtiers`) and inputs outside them (the fields of `given`). Definition,
// references, highlight and rename all read this one index.
import type { Declaration, Expr, Name, SourceRange, StringLiteral } from "../ast/nodes.js";
import type { CheckResult } from "../check/check.js";
import { arrayOf, declarationsOf, expressionSites, visitExpressions } from "../check/expression-tree.js";
import { isTierKeyword } from "../check/resolve.js";
import type { Resolution, ValueSymbolKind } from "../check/symbols.js";

/** Values (inputs, KPIs, scorecards, tables, incentives) and ranks (tiers, subtiers) are separate namespaces. */
export type Namespace = "value" | "rank";

export type SymbolKind = ValueSymbolKind | "tier" | "subtier";

export interface IndexedSymbol {
  /** `value:revenue`, `rank:Power Services`. */
  key: string;
  name: string;
  kind: SymbolKind;
  namespace: Namespace;
  /** The declaration that defines the name (the first one, when it is declared twice). */
  decl: Declaration;
  nameRange: SourceRange;
}

export interface Occurrence {
  key: string;
  range: SourceRange;
  /** Written as a string (`"Power Services"`): the range includes the quotes. */
  quoted: boolean;
  declaration: boolean;
}

export interface SymbolIndex {
  symbols: Map<string, IndexedSymbol>;
  /** In source order. */
  occurrences: Occurrence[];
}

export function symbolKey(namespace: Namespace, name: string): string {
  return `${namespace}:${name}`;
}

function namespaceOf(kind: SymbolKind): Namespace {
  return kind === "tier" || kind === "subtier" ? "rank" : "value";
}

function hasRange(node: { range?: SourceRange } | undefined): node is { range: SourceRange } {
  return typeof node?.range?.start?.offset === "number" && typeof node.range.end?.offset === "number";
}

export function buildSymbolIndex(checked: CheckResult): SymbolIndex {
  const symbols = new Map<string, IndexedSymbol>();
  const occurrences: Occurrence[] = [];
  const { values, tiers, subtiers } = checked.symbols;
  for (const symbol of [...values.values(), ...tiers.values(), ...subtiers.values()]) {
    if (!hasRange(symbol.decl?.name)) continue;
    const namespace = namespaceOf(symbol.kind);
    const key = symbolKey(namespace, symbol.name);
    symbols.set(key, {
      key,
      name: symbol.name,
      kind: symbol.kind,
      namespace,
      decl: symbol.decl,
      nameRange: symbol.decl.name.range,
    });
  }
  const add = (key: string | undefined, range: SourceRange | undefined, quoted: boolean, declaration = false) => {
    if (key === undefined || range === undefined || !symbols.has(key)) return;
    occurrences.push({ key, range, quoted, declaration });
  };
  const rankKey = (name: string | undefined) =>
    typeof name === "string" && (tiers.has(name) || subtiers.has(name)) ? symbolKey("rank", name) : undefined;
  const addName = (name: Name | undefined, key: string | undefined, declaration = false) => {
    if (hasRange(name)) add(key, name.range, name.quoted === true, declaration);
  };

  for (const decl of declarationsOf(checked.program)) {
    // Every declaration of a name, a duplicate too: renaming one renames what refers to it.
    if (decl.kind === "tier" || decl.kind === "subtier") addName(decl.name, rankKey(decl.name?.value), true);
    else if (decl.kind !== "test" && typeof decl.name?.value === "string")
      addName(decl.name, symbolKey("value", decl.name.value), true);
    if (decl.kind === "tier") addName(decl.extends, rankKey(decl.extends?.value));
    if (decl.kind === "subtier") addName(decl.parent, rankKey(decl.parent?.value));
    if (decl.kind === "table" && isTierKeyword(decl.key)) {
      for (const row of arrayOf(decl.rows)) if (row.kind === "match") addName(row.key, rankKey(row.key?.value));
    }
    if (decl.kind === "test") {
      for (const field of arrayOf(decl.given)) {
        const name = field.field?.value;
        if (typeof name === "string" && values.get(name)?.kind === "input")
          addName(field.field, symbolKey("value", name));
      }
    }
  }
  for (const [ref, resolution] of checked.references) {
    if (hasRange(ref)) add(keyOf(resolution), ref.range, false);
  }
  for (const site of expressionSites(checked.program)) {
    for (const literal of rankStrings(site.expr)) add(rankKey(literal.value), literal.range, true);
  }
  occurrences.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { symbols, occurrences };
}

function keyOf(resolution: Resolution): string {
  return symbolKey(namespaceOf(resolution.kind), resolution.name);
}

/** Strings that name a tier or subtier: compared with `tier`, listed for `tier in`, or tested against `subtiers`. */
function rankStrings(root: Expr): StringLiteral[] {
  const found: StringLiteral[] = [];
  const take = (expr: Expr | undefined) => {
    let node = expr;
    while (node?.kind === "paren") node = node.inner;
    if (node?.kind === "string" && hasRange(node)) found.push(node);
  };
  visitExpressions(root, (expr) => {
    if (expr.kind === "binary" && ["=", "!=", "<", "<=", ">", ">="].includes(expr.op)) {
      if (isTierKeyword(expr.left)) take(expr.right);
      if (isTierKeyword(expr.right)) take(expr.left);
    } else if (expr.kind === "in") {
      let list: Expr | undefined = expr.list;
      while (list?.kind === "paren") list = list.inner;
      if (list?.kind === "subtiers") take(expr.item);
      if (isTierKeyword(expr.item) && list?.kind === "list") for (const item of arrayOf(list.items)) take(item);
    }
  });
  return found;
}

/** The occurrence under `offset` (a cursor just after a name counts as on it). */
export function occurrenceAt(index: SymbolIndex, offset: number): Occurrence | undefined {
  let found: Occurrence | undefined;
  for (const occurrence of index.occurrences) {
    if (occurrence.range.start.offset > offset) break;
    if (offset <= occurrence.range.end.offset) found = occurrence;
  }
  return found;
}

export function occurrencesOf(index: SymbolIndex, key: string): Occurrence[] {
  return index.occurrences.filter((occurrence) => occurrence.key === key);
}
