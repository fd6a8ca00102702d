// Completion: the keywords valid at the cursor (Chevrotain's content assist
// on the parser, over the tokens of the declaration being written), the names
// that fit there (values in expressions, inputs in `given`, inputs, KPIs and
// tables in scorecard lines, tiers after `extends`/`of`/`tier >=` and in a
// table by tier), the values of a `one of`/`list of` input inside a string
// compared with it or tested against it, subtier names in `"…" in subtiers`,
// and snippets for the declarations.
import type { IToken, TokenType } from "chevrotain";
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type Position,
  type Range,
} from "vscode-languageserver";
import type { InputDecl, SourceRange } from "../ast/nodes.js";
import { describeType } from "../check/value-types.js";
import { FUNCTION_NAMES } from "../functions/catalogue.js";
import { stringLiteral } from "../diagnostics/suggestions.js";
import { pplParser } from "../syntax/parser.js";
import type { ReservedWord } from "../syntax/tokens.js";
import { tokensOf, type Analysis } from "./analysis.js";
import { FUNCTION_HELP, KEYWORD_HELP } from "./keyword-help.js";
import { toLspRange } from "./positions.js";

const DECLARATION_WORDS = new Set([
  "program",
  "input",
  "kpi",
  "tier",
  "subtier",
  "scorecard",
  "table",
  "incentive",
  "test",
]);
const COMPARISONS = new Set(["Equals", "NotEq", "Less", "LessEq", "Greater", "GreaterEq"]);

const SNIPPETS: { label: string; detail: string; body: string }[] = [
  {
    label: "input",
    detail: "input declaration",
    body: "input ${1:name}: ${2|money,number,integer,percent,text,boolean|}$0",
  },
  { label: "kpi", detail: "KPI declaration", body: 'kpi ${1:name} = ${2:expression}  as "${3:Label}"$0' },
  {
    label: "tier",
    detail: "tier declaration",
    body: 'tier ${1:Name} {\n  require ${2:condition}  as "${3:Label}"\n  benefit "${4:What the partner gets}"\n}$0',
  },
  {
    label: "subtier",
    detail: "subtier declaration",
    body: 'subtier "${1:Name}" of ${2:Tier} {\n  require ${3:condition}\n  benefit "${4:What the partner gets}"\n}$0',
  },
  {
    label: "scorecard",
    detail: "scorecard declaration",
    body: "scorecard ${1:name} {\n  ${2:value}  weight ${3:50%}  threshold ${4:80%}  target ${5:100%}\n  ${6:value}  weight ${7:50%}  threshold ${8:0}  target ${9:100%}\n}$0",
  },
  {
    label: "table",
    detail: "table declaration (bands)",
    body: "table ${1:name} by ${2:key} {\n  below ${3:80%}: ${4:0}\n  ${3:80%} to ${5:100%}: ${6:1}\n  ${5:100%} and above: ${7:1.2}\n}$0",
  },
  {
    label: "incentive",
    detail: "incentive declaration",
    body: 'incentive ${1:name} as "${2:Label}" {\n  when ${3:tier >= Member}\n  amount ${4:revenue * 1%}\n  cap ${5:10k}\n}$0',
  },
  {
    label: "test",
    detail: "test block",
    body: 'test "${1:what it shows}" {\n  given {\n    ${2:field}: ${3:value}\n  }\n  expect ${4:tier = Member}\n}$0',
  },
];

interface Cursor {
  offset: number;
  /** Tokens wholly before the cursor (a word being typed excluded). */
  before: IToken[];
  /** The word being typed, if the cursor is in or just after one. */
  word?: IToken;
  /** The string the cursor is inside, if any. */
  string?: IToken;
  after: IToken[];
}

function tokenEnd(token: IToken): number {
  return (token.endOffset ?? token.startOffset) + 1;
}

function locate(tokens: IToken[], offset: number): Cursor {
  let i = 0;
  while (i < tokens.length && tokenEnd(tokens[i]!) < offset) i++;
  const cursor: Cursor = { offset, before: tokens.slice(0, i), after: [] };
  const at = tokens[i];
  if (at && at.startOffset < offset) {
    const type = at.tokenType.name;
    if (type === "StringLit" || type === "UnterminatedString") {
      const closed = type === "StringLit" && tokenEnd(at) === offset;
      if (!closed) cursor.string = at;
      else cursor.before = tokens.slice(0, i + 1);
    } else if (type === "Identifier" || type.startsWith("Kw_")) cursor.word = at;
    else cursor.before = tokens.slice(0, i + 1);
    cursor.after = tokens.slice(i + 1);
  } else cursor.after = tokens.slice(i);
  return cursor;
}

/** Index of the first token of the declaration that holds the end of `tokens`. */
function declarationStart(tokens: IToken[]): number {
  let depth = 0;
  let start = 0;
  let line = -1;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const name = token.tokenType.name;
    const firstOnLine = token.startLine !== line;
    line = token.startLine ?? line;
    if (name === "LCurly") depth++;
    else if (name === "RCurly") depth = Math.max(0, depth - 1);
    else if (depth === 0 && name.startsWith("Kw_") && DECLARATION_WORDS.has(name.slice(3))) {
      if (name !== "Kw_tier" || firstOnLine) start = i;
    }
  }
  return start;
}

interface Expected {
  type: TokenType;
  ruleStack: string[];
}

function expectedAt(before: IToken[]): Expected[] {
  const local = before.slice(declarationStart(before));
  try {
    return pplParser
      .computeContentAssist("file", local)
      .map((path) => ({ type: path.nextTokenType, ruleStack: path.ruleStack }));
  } catch {
    return [];
  }
}

function nameText(name: string, quoted: boolean): string {
  return quoted ? stringLiteral(name) : name;
}

export function completion(analysis: Analysis, position: Position): CompletionItem[] {
  const offset = analysis.document.offsetAt(position);
  const cursor = locate(tokensOf(analysis), offset);
  if (cursor.string) return stringCompletions(analysis, cursor, cursor.string);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const push = (item: CompletionItem) => {
    if (seen.has(item.label)) return;
    seen.add(item.label);
    items.push(item);
  };
  const { values, tierOrder, subtierOrder } = analysis.source.checked.symbols;
  const previous = cursor.before[cursor.before.length - 1];
  const beforePrevious = cursor.before[cursor.before.length - 2];
  const tierItems = (suffix = "") =>
    tierOrder.forEach((tier) =>
      push({
        label: tier.name,
        kind: CompletionItemKind.EnumMember,
        detail: `tier, rank ${tier.rank}`,
        insertText: nameText(tier.name, tier.decl.name?.quoted === true || !/^[A-Za-z_]\w*$/.test(tier.name)) + suffix,
      }),
    );

  // `tier >= |`, `tier = |`: the tier names.
  if (previous && COMPARISONS.has(previous.tokenType.name) && beforePrevious?.tokenType.name === "Kw_tier") {
    tierItems();
    return items;
  }
  const expected = expectedAt(cursor.before);
  let names = false;
  for (const { type, ruleStack } of expected) {
    const rule = ruleStack[ruleStack.length - 1];
    const declaration = ruleStack[1];
    if (type.name.startsWith("Kw_")) {
      const word = type.name.slice(3) as ReservedWord;
      if (word === "total" && declaration !== "testDecl") continue;
      push({ label: word, kind: CompletionItemKind.Keyword, detail: KEYWORD_HELP[word] });
      // A declaration's first keyword: offer its snippet too.
      if (ruleStack.length === 2 && ruleStack[1] === `${word}Decl`) {
        for (const snippet of SNIPPETS.filter((s) => s.label === word)) {
          push({
            label: `${word} …`,
            kind: CompletionItemKind.Snippet,
            detail: snippet.detail,
            insertText: snippet.body,
            insertTextFormat: InsertTextFormat.Snippet,
          });
        }
      }
      continue;
    }
    if (type.name !== "Identifier" && type.name !== "StringLit") continue;
    if (rule === "tierName" && (previous?.tokenType.name === "Kw_extends" || previous?.tokenType.name === "Kw_of"))
      tierItems();
    else if (rule === "declName" && ruleStack.includes("givenField")) {
      for (const symbol of values.values())
        if (symbol.kind === "input")
          push({
            label: symbol.name,
            kind: CompletionItemKind.Field,
            detail: inputDetail(analysis, symbol.decl),
            insertText: `${symbol.name}: `,
          });
    } else if (rule === "scorecardLine") {
      for (const symbol of values.values())
        if (symbol.kind === "input" || symbol.kind === "kpi" || symbol.kind === "table")
          push(valueItem(analysis, symbol.name, symbol.kind));
    } else if (rule === "tableRow" && type.name === "Identifier" && tableByTier(analysis, offset)) {
      tierItems(": ");
    } else if (type.name === "Identifier" && (rule === "callOrName" || rule === "primary" || rule === "rowValue"))
      names = true;
  }
  if (names) {
    const own = ownName(analysis, offset);
    for (const symbol of values.values()) if (symbol.name !== own) push(valueItem(analysis, symbol.name, symbol.kind));
    for (const subtier of subtierOrder)
      if (subtier.decl.name?.quoted === false)
        push({ label: subtier.name, kind: CompletionItemKind.EnumMember, detail: "subtier" });
    for (const fn of FUNCTION_NAMES)
      if (fn !== "min" && fn !== "max")
        push({
          label: fn,
          kind: CompletionItemKind.Function,
          detail: FUNCTION_HELP[fn],
          insertText: `${fn}($1)`,
          insertTextFormat: InsertTextFormat.Snippet,
        });
  }
  return items;
}

function inputDetail(analysis: Analysis, decl: InputDecl): string {
  const type = analysis.source.checked.valueTypes.get(decl.name.value);
  return `input, ${type ? describeType(type) : "…"}${decl.optional ? ", optional" : ""}${decl.confidential ? ", confidential" : ""}`;
}

const KIND_OF: Record<string, CompletionItemKind> = {
  input: CompletionItemKind.Field,
  kpi: CompletionItemKind.Variable,
  scorecard: CompletionItemKind.Class,
  table: CompletionItemKind.Struct,
  incentive: CompletionItemKind.Event,
};

function valueItem(analysis: Analysis, name: string, kind: string): CompletionItem {
  const type = analysis.source.checked.valueTypes.get(name);
  const what = kind === "kpi" ? "KPI" : kind;
  return { label: name, kind: KIND_OF[kind], detail: `${what}${type ? `, ${describeType(type)}` : ""}` };
}

/** The declaration around `offset`. */
function declarationAt(analysis: Analysis, offset: number) {
  return analysis.source.program.declarations.find(
    (d) => d?.range && d.range.start.offset <= offset && offset <= d.range.end.offset,
  );
}

/** The name of the declaration being written, which its own formula cannot use. */
function ownName(analysis: Analysis, offset: number): string | undefined {
  const decl = declarationAt(analysis, offset);
  return decl && decl.kind !== "test" ? decl.name?.value : undefined;
}

function tableByTier(analysis: Analysis, offset: number): boolean {
  const decl = declarationAt(analysis, offset);
  return decl?.kind === "table" && decl.key?.kind === "tier";
}

/** Inside a string: the values it can take where it stands. */
function stringCompletions(analysis: Analysis, cursor: Cursor, string: IToken): CompletionItem[] {
  const { values, tierOrder, subtierOrder } = analysis.source.checked.symbols;
  const closed = string.tokenType.name === "StringLit";
  const start = string.startOffset + 1;
  const end = closed ? tokenEnd(string) - 1 : cursor.offset;
  const range: SourceRange = {
    start: { line: 0, column: 0, offset: start },
    end: { line: 0, column: 0, offset: Math.max(start, end) },
  };
  const lspRange: Range = toLspRange(analysis.document, range);
  const items = (names: string[], detail: string): CompletionItem[] =>
    [...new Set(names)].map((name) => ({
      label: name,
      kind: CompletionItemKind.Value,
      detail,
      textEdit: { range: lspRange, newText: stringLiteral(name).slice(1, -1) + (closed ? "" : '"') },
    }));
  const setOf = (name: string | undefined): string[] | undefined => {
    const symbol = name === undefined ? undefined : values.get(name);
    if (symbol?.kind !== "input") return undefined;
    const type = symbol.decl.type;
    return type?.kind === "oneOf" || type?.kind === "listOf" ? type.values.map((v) => v.value) : undefined;
  };
  const next = cursor.after;
  // `"…" in NAME`, `"…" not in NAME`
  let i = 0;
  if (next[i]?.tokenType.name === "Kw_not") i++;
  if (next[i]?.tokenType.name === "Kw_in") {
    const list = next[i + 1];
    if (list?.tokenType.name === "Kw_subtiers")
      return items(
        subtierOrder.map((s) => s.name),
        "subtier",
      );
    const set = setOf(list?.image);
    if (set) return items(set, `a value of ${list!.image}`);
  }
  // `NAME = "…"`, `tier = "…"`
  const previous = cursor.before[cursor.before.length - 1];
  const subject = cursor.before[cursor.before.length - 2];
  if (previous && COMPARISONS.has(previous.tokenType.name) && subject) {
    if (subject.tokenType.name === "Kw_tier")
      return items(
        tierOrder.map((t) => t.name),
        "tier",
      );
    const set = setOf(subject.image);
    if (set) return items(set, `a value of ${subject.image}`);
  }
  // A `given` field: `region: "…"`.
  if (previous?.tokenType.name === "Colon" && subject) {
    const set = setOf(subject.image);
    if (set) return items(set, `a value of ${subject.image}`);
  }
  // Nothing says which set: every set value and every subtier name.
  const all: string[] = [];
  for (const symbol of values.values()) all.push(...(setOf(symbol.name) ?? []));
  return [
    ...items(
      subtierOrder.map((s) => s.name),
      "subtier",
    ),
    ...items(all, "a listed value"),
  ];
}
