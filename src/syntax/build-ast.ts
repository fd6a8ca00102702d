// CST → AST. The CST may have holes where the parser recovered from an error;
// the builder never throws on them: it skips what is missing (the syntax error
// is already reported) and reports what only the builder can see.
import type { CstNode, IToken } from "chevrotain";
import type * as A from "../ast/nodes.js";
import type { Code, MessageArgs } from "../diagnostics/codes.js";
import { makeDiagnostic, suggest, type Diagnostic, type DiagnosticExtras } from "../diagnostics/diagnostic.js";
import { closestName } from "../diagnostics/suggestions.js";
import { FUNCTION_NAMES, RESERVED_WORDS } from "./tokens.js";
import { negateFraction, parseNumberLiteral } from "./number-literal.js";

type Children = Record<string, (CstNode | IToken)[] | undefined>;

function isToken(x: CstNode | IToken | undefined): x is IToken {
  return x !== undefined && "image" in x;
}

// The keyword primaries with the names of their tokens, built once.
const BOOLEAN_WORDS = (["true", "false"] as const).map((word) => [word, "Kw_" + word] as const);
const VALUE_WORDS = (["tier", "subtiers", "total"] as const).map((word) => [word, "Kw_" + word] as const);

const NO_POSITION: A.Position = { line: 1, column: 1, offset: 0 };

export function tokenRange(t: IToken): A.SourceRange {
  const start = { line: t.startLine ?? NaN, column: t.startColumn ?? NaN, offset: t.startOffset };
  const end = { line: t.endLine ?? NaN, column: (t.endColumn ?? NaN) + 1, offset: (t.endOffset ?? NaN) + 1 };
  return { start, end };
}

function validRange(r: A.SourceRange): boolean {
  return [r.start.line, r.start.column, r.start.offset, r.end.line, r.end.column, r.end.offset].every(Number.isFinite);
}

export function span(from: A.SourceRange, to: A.SourceRange): A.SourceRange {
  if (!validRange(to)) return from;
  if (!validRange(from)) return to;
  return { start: from.start, end: to.end };
}

/** Suggests a replacement for a name that is a reserved word. */
function renameSuggestion(word: string): string {
  return `${word}_value`;
}

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly file: string,
    private readonly endOfFile: A.Position,
  ) {}

  private report<C extends Code>(code: C, range: A.SourceRange, args: MessageArgs<C>, extras?: DiagnosticExtras): void {
    const at = validRange(range) ? range : { start: this.endOfFile, end: this.endOfFile };
    this.diagnostics.push(makeDiagnostic(this.file, code, at, args, extras));
  }

  private nodeRange(node: CstNode): A.SourceRange {
    const l = node.location;
    if (!l || !Number.isFinite(l.startOffset)) return { start: NO_POSITION, end: NO_POSITION };
    return {
      start: { line: l.startLine ?? NaN, column: l.startColumn ?? NaN, offset: l.startOffset },
      end: { line: l.endLine ?? NaN, column: (l.endColumn ?? NaN) + 1, offset: (l.endOffset ?? NaN) + 1 },
    };
  }

  // ------------------------------------------------------------ child access

  private ch(node: CstNode): Children {
    return node.children as Children;
  }

  // These run for every CST node (nine per operand of an expression), so they
  // index the children directly and allocate only when a node has several.
  private tok(node: CstNode, name: string, i = 0): IToken | undefined {
    const t = this.ch(node)[name]?.[i];
    // Tokens inserted by recovery have no position: treat them as absent.
    return isToken(t) && !t.isInsertedInRecovery ? t : undefined;
  }

  private toks(node: CstNode, name: string): IToken[] {
    const items = this.ch(node)[name];
    if (items === undefined) return [];
    const found: IToken[] = [];
    for (const item of items) if (isToken(item) && !item.isInsertedInRecovery) found.push(item);
    return found;
  }

  private sub(node: CstNode, name: string, i = 0): CstNode | undefined {
    const n = this.ch(node)[name]?.[i];
    return n && !isToken(n) ? n : undefined;
  }

  private subs(node: CstNode, name: string): CstNode[] {
    const items = this.ch(node)[name];
    if (items === undefined) return [];
    const found: CstNode[] = [];
    for (const item of items) if (!isToken(item)) found.push(item);
    return found;
  }

  /** The one sub-node named `name` when it is the only one (the usual case of an operator level), else undefined. */
  private onlySub(node: CstNode, name: string): CstNode | undefined {
    const items = this.ch(node)[name];
    return items !== undefined && items.length === 1 && !isToken(items[0]) ? items[0] : undefined;
  }

  /** All tokens of a node, in source order (for ordering mixed children). */
  private ordered(node: CstNode, names: string[]): { name: string; item: CstNode | IToken }[] {
    const items: { name: string; item: CstNode | IToken; offset: number }[] = [];
    for (const name of names) {
      for (const item of this.ch(node)[name] ?? []) {
        const offset = isToken(item) ? item.startOffset : (item.location?.startOffset ?? NaN);
        if (Number.isFinite(offset)) items.push({ name, item, offset });
      }
    }
    return items.sort((a, b) => a.offset - b.offset);
  }

  // ---------------------------------------------------------------- literals

  stringLiteral(t: IToken): A.StringLiteral {
    const range = tokenRange(t);
    const body = t.image.startsWith('"')
      ? t.image.slice(1, t.image.endsWith('"') && t.image.length > 1 ? -1 : undefined)
      : t.image;
    let value = "";
    for (let i = 0; i < body.length; i++) {
      const c = body[i];
      if (c !== "\\") {
        value += c;
        continue;
      }
      const next = body[++i];
      const escapes: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", t: "\t" };
      if (next !== undefined && next in escapes) value += escapes[next];
      else {
        const at = range.start.offset + 1 + i - 1;
        const col = range.start.column + 1 + i - 1;
        this.report(
          "PPL1004",
          {
            start: { line: range.start.line, column: col, offset: at },
            end: { line: range.start.line, column: col + 2, offset: at + 2 },
          },
          { escape: next ?? "" },
        );
        value += next ?? "";
      }
    }
    return { kind: "string", value, text: t.image, range };
  }

  numberLiteral(t: IToken, negative?: IToken): A.NumberLiteral {
    const parsed = parseNumberLiteral(t.image);
    const range = negative ? span(tokenRange(negative), tokenRange(t)) : tokenRange(t);
    if (!parsed) {
      // Reported by the lexer stage (PPL1003); keep a harmless value.
      return { kind: "number", text: (negative ? "-" : "") + t.image, value: "0", suffix: "", range };
    }
    return {
      kind: "number",
      text: (negative ? "-" : "") + t.image,
      value: negative ? negateFraction(parsed.value) : parsed.value,
      suffix: parsed.suffix,
      range,
    };
  }

  signedNumber(node: CstNode | undefined): A.NumberLiteral | undefined {
    if (!node) return undefined;
    const digits = this.tok(node, "NumberLit");
    if (!digits) return undefined;
    return this.numberLiteral(digits, this.tok(node, "Minus"));
  }

  declName(node: CstNode | undefined): A.Name | undefined {
    if (!node) return undefined;
    const id = this.tok(node, "Identifier");
    if (id) {
      if ((FUNCTION_NAMES as readonly string[]).includes(id.image)) {
        this.report(
          "PPL1006",
          tokenRange(id),
          { word: id.image, builtin: true },
          { suggestion: suggest(renameSuggestion(id.image), tokenRange(id)) },
        );
      }
      return { value: id.image, quoted: false, range: tokenRange(id) };
    }
    const kw = this.tok(node, "Keyword");
    if (kw) {
      this.report(
        "PPL1006",
        tokenRange(kw),
        { word: kw.image, builtin: false },
        { suggestion: suggest(renameSuggestion(kw.image), tokenRange(kw)) },
      );
      return { value: kw.image, quoted: false, range: tokenRange(kw) };
    }
    return undefined;
  }

  tierName(node: CstNode | undefined): A.Name | undefined {
    if (!node) return undefined;
    const s = this.tok(node, "StringLit");
    if (s) {
      const lit = this.stringLiteral(s);
      return { value: lit.value, quoted: true, range: lit.range };
    }
    return this.declName(node);
  }

  private label(node: CstNode): A.StringLiteral | undefined {
    const t = this.tok(node, "StringLit");
    return t ? this.stringLiteral(t) : undefined;
  }

  // ------------------------------------------------------------ declarations

  buildProgram(node: CstNode, file: string): A.Program {
    const declarations: A.Declaration[] = [];
    let header: A.ProgramHeader | undefined;
    const builders: Record<string, (n: CstNode) => A.Declaration | undefined> = {
      inputDecl: (n) => this.inputDecl(n),
      kpiDecl: (n) => this.kpiDecl(n),
      tierDecl: (n) => this.tierDecl(n),
      subtierDecl: (n) => this.subtierDecl(n),
      scorecardDecl: (n) => this.scorecardDecl(n),
      tableDecl: (n) => this.tableDecl(n),
      incentiveDecl: (n) => this.incentiveDecl(n),
      testDecl: (n) => this.testDecl(n),
    };
    const parts = this.ordered(node, ["programHeader", ...Object.keys(builders)]);
    for (const { name, item } of parts) {
      if (isToken(item)) continue;
      if (name === "programHeader") {
        const h = this.programHeader(item);
        if (!h) continue;
        if (header) {
          this.report("PPL1016", h.range, { firstLine: header.range.start.line });
        } else {
          if (declarations.length > 0) {
            this.report("PPL1017", h.range, {});
          }
          header = h;
        }
        continue;
      }
      const decl = builders[name](item);
      if (decl) declarations.push(decl);
    }
    const range: A.SourceRange = { start: { line: 1, column: 1, offset: 0 }, end: this.endOfFile };
    if (!header) {
      this.report("PPL1008", { start: range.start, end: range.start }, {});
    }
    return { kind: "file", file, header, declarations, comments: [], range };
  }

  programHeader(node: CstNode): A.ProgramHeader | undefined {
    const nameTok = this.tok(node, "StringLit");
    if (!nameTok) return undefined;
    const header: A.ProgramHeader = {
      kind: "program",
      name: this.stringLiteral(nameTok),
      range: this.nodeRange(node),
    };
    const version = this.tok(node, "StringLit", 1);
    if (version) header.version = this.stringLiteral(version);
    const ids = this.toks(node, "Identifier");
    // Identifiers follow `currency` or `rounding`: pair each with its keyword by position.
    for (const id of ids) {
      const before = this.ordered(node, ["Kw_currency", "Kw_rounding"])
        .filter((p) => isToken(p.item) && p.item.startOffset < id.startOffset)
        .pop();
      const name: A.Name = { value: id.image, quoted: false, range: tokenRange(id) };
      if (before?.name === "Kw_currency") header.currency = name;
      else if (before?.name === "Kw_rounding") header.rounding = name;
    }
    return header;
  }

  inputDecl(node: CstNode): A.InputDecl | undefined {
    const name = this.declName(this.sub(node, "declName"));
    const typeNode = this.sub(node, "inputType");
    if (!name || !typeNode) return undefined;
    const type = this.inputType(typeNode);
    if (!type) return undefined;
    const decl: A.InputDecl = {
      kind: "input",
      name,
      type,
      optional: false,
      key: false,
      confidential: false,
      options: [],
      range: this.nodeRange(node),
    };
    const numbers = this.subs(node, "signedNumber");
    let numberIndex = 0;
    for (const { name: word, item } of this.ordered(node, [
      "Kw_min",
      "Kw_max",
      "Kw_optional",
      "Kw_key",
      "Kw_confidential",
    ])) {
      if (!isToken(item)) continue;
      const w = word.slice(3) as A.InputDecl["options"][number]["word"];
      let range = tokenRange(item);
      if (w === "min" || w === "max") {
        const lit = this.signedNumber(numbers[numberIndex++]);
        if (!lit) continue;
        decl[w] = lit;
        range = span(range, lit.range);
      } else {
        decl[w] = true;
      }
      decl.options.push({ word: w, range });
    }
    return decl;
  }

  inputType(node: CstNode): A.InputType | undefined {
    const range = this.nodeRange(node);
    for (const scalar of ["text", "number", "integer", "money", "percent", "boolean"] as const) {
      if (this.tok(node, "Kw_" + scalar)) return { kind: scalar, range };
    }
    const values = this.toks(node, "StringLit").map((t) => this.stringLiteral(t));
    if (this.tok(node, "Kw_one")) return { kind: "oneOf", values, range };
    if (this.tok(node, "Kw_list")) return { kind: "listOf", values, range };
    return undefined;
  }

  kpiDecl(node: CstNode): A.KpiDecl | undefined {
    const name = this.declName(this.sub(node, "declName"));
    const expr = this.expression(this.sub(node, "expression"));
    if (!name || !expr) return undefined;
    return { kind: "kpi", name, expr, label: this.label(node), range: this.nodeRange(node) };
  }

  private tierItems(node: CstNode | undefined): (A.Requirement | A.Benefit)[] {
    if (!node) return [];
    const items: (A.Requirement | A.Benefit)[] = [];
    for (const { name, item } of this.ordered(node, ["requirement", "benefit"])) {
      if (isToken(item)) continue;
      if (name === "requirement") {
        const expr = this.expression(this.sub(item, "expression"));
        if (expr) items.push({ kind: "require", expr, label: this.label(item), range: this.nodeRange(item) });
      } else {
        const t = this.tok(item, "StringLit");
        if (t) items.push({ kind: "benefit", text: this.stringLiteral(t), range: this.nodeRange(item) });
      }
    }
    return items;
  }

  tierDecl(node: CstNode): A.TierDecl | undefined {
    const name = this.tierName(this.sub(node, "tierName"));
    if (!name) return undefined;
    const decl: A.TierDecl = {
      kind: "tier",
      name,
      items: this.tierItems(this.sub(node, "tierBody")),
      range: this.nodeRange(node),
    };
    const parent = this.tierName(this.sub(node, "tierName", 1));
    if (parent) decl.extends = parent;
    return decl;
  }

  subtierDecl(node: CstNode): A.SubtierDecl | undefined {
    const name = this.tierName(this.sub(node, "tierName"));
    const parent = this.tierName(this.sub(node, "tierName", 1));
    if (!name || !parent) return undefined;
    return {
      kind: "subtier",
      name,
      parent,
      items: this.tierItems(this.sub(node, "tierBody")),
      range: this.nodeRange(node),
    };
  }

  private requirePercent(lit: A.NumberLiteral | undefined, what: string): void {
    if (lit && lit.suffix !== "%") {
      this.report("PPL1010", lit.range, { part: what, text: lit.text });
    }
  }

  scorecardDecl(node: CstNode): A.ScorecardDecl | undefined {
    const name = this.declName(this.sub(node, "declName"));
    if (!name) return undefined;
    const lines: A.ScorecardLine[] = [];
    for (const lineNode of this.subs(node, "scorecardLine")) {
      const id = this.tok(lineNode, "Identifier");
      const weight = this.signedNumber(this.sub(lineNode, "weight"));
      const threshold = this.signedNumber(this.sub(lineNode, "threshold"));
      const target = this.signedNumber(this.sub(lineNode, "target"));
      const max = this.signedNumber(this.sub(lineNode, "max"));
      if (!id || !weight || !threshold || !target) continue;
      this.requirePercent(weight, "weight");
      this.requirePercent(max, "max");
      const line: A.ScorecardLine = {
        value: { kind: "name", name: id.image, range: tokenRange(id) },
        weight,
        threshold,
        target,
        range: this.nodeRange(lineNode),
      };
      if (max) line.max = max;
      lines.push(line);
    }
    return { kind: "scorecard", name, lines, range: this.nodeRange(node) };
  }

  tableDecl(node: CstNode): A.TableDecl | undefined {
    const name = this.declName(this.sub(node, "declName"));
    const key = this.expression(this.sub(node, "expression"));
    if (!name || !key) return undefined;
    const rows: A.TableRow[] = [];
    for (const rowNode of this.subs(node, "tableRow")) {
      const row = this.tableRow(rowNode);
      if (row) rows.push(row);
    }
    return { kind: "table", name, key, rows, range: this.nodeRange(node) };
  }

  tableRow(node: CstNode): A.TableRow | undefined {
    const value = this.rowValue(this.sub(node, "rowValue"));
    if (!value) return undefined;
    const range = this.nodeRange(node);
    const from = this.signedNumber(this.sub(node, "from"));
    if (this.tok(node, "Kw_below")) return from ? { kind: "below", bound: from, value, range } : undefined;
    if (this.tok(node, "Kw_above")) return from ? { kind: "above", bound: from, value, range } : undefined;
    const to = this.signedNumber(this.sub(node, "to"));
    if (from && to) return { kind: "range", from, to, value, range };
    if (this.tok(node, "Kw_otherwise")) return { kind: "otherwise", value, range };
    const keyTok = this.tok(node, "matchKey");
    if (!keyTok) return undefined;
    const key: A.Name =
      keyTok.tokenType.name === "StringLit"
        ? { value: this.stringLiteral(keyTok).value, quoted: true, range: tokenRange(keyTok) }
        : { value: keyTok.image, quoted: false, range: tokenRange(keyTok) };
    return { kind: "match", key, value, range };
  }

  rowValue(node: CstNode | undefined): A.Expr | undefined {
    if (!node) return undefined;
    const number = this.signedNumber(this.sub(node, "signedNumber"));
    if (number) return number;
    return this.primaryChildren(node);
  }

  incentiveDecl(node: CstNode): A.IncentiveDecl | undefined {
    const name = this.declName(this.sub(node, "declName"));
    if (!name) return undefined;
    const range = this.nodeRange(node);
    const clause = (kw: string, exprs: CstNode[], what: string) => {
      const kws = this.toks(node, kw);
      for (const extra of kws.slice(1)) {
        this.report("PPL1012", tokenRange(extra), { incentive: name.value, clause: what });
      }
      return exprs[0];
    };
    const whenNode = clause("Kw_when", this.subs(node, "when"), "when");
    const amountNode = clause("Kw_amount", this.subs(node, "amount"), "amount");
    const capNode = clause("Kw_cap", this.subs(node, "cap"), "cap");
    const amount = this.expression(amountNode);
    if (!amountNode) {
      this.report("PPL1018", name.range, { incentive: name.value });
    }
    if (!amount) return undefined;
    const decl: A.IncentiveDecl = { kind: "incentive", name, amount, range, label: this.label(node) };
    const when = this.expression(whenNode);
    if (when) decl.when = when;
    const cap = this.signedNumber(capNode);
    if (cap) decl.cap = cap;
    return decl;
  }

  testDecl(node: CstNode): A.TestDecl | undefined {
    const descTok = this.tok(node, "StringLit");
    if (!descTok) return undefined;
    const description = this.stringLiteral(descTok);
    const range = this.nodeRange(node);
    const givenKw = this.tok(node, "Kw_given");
    const closing = this.toks(node, "RCurly");
    const givenRange = givenKw
      ? closing.length > 1
        ? span(tokenRange(givenKw), tokenRange(closing[0]))
        : tokenRange(givenKw)
      : description.range;
    if (!givenKw) {
      this.report("PPL1019", description.range, { test: description.text });
    }
    const given: A.GivenField[] = [];
    for (const fieldNode of this.subs(node, "givenField")) {
      const field = this.declName(this.sub(fieldNode, "declName"));
      const value = this.expression(this.sub(fieldNode, "expression"));
      if (!field || !value) continue;
      if (!isGivenLiteral(value)) {
        this.report("PPL1014", value.range, { field: field.value });
      }
      given.push({ field, value, range: this.nodeRange(fieldNode) });
    }
    const expects: A.Expectation[] = [];
    const expectKws = this.toks(node, "Kw_expect");
    this.subs(node, "expression").forEach((exprNode, i) => {
      const expr = this.expression(exprNode);
      const kw = expectKws[i];
      if (expr) expects.push({ kind: "expect", expr, range: kw ? span(tokenRange(kw), expr.range) : expr.range });
    });
    if (expectKws.length === 0) {
      this.report("PPL1013", description.range, { test: description.text });
    }
    return { kind: "test", description, given, givenRange, expects, range };
  }

  // ------------------------------------------------------------- expressions

  expression(node: CstNode | undefined): A.Expr | undefined {
    if (!node) return undefined;
    const only = this.onlySub(node, "orExpr");
    if (only) return this.orExpr(only);
    const parts = this.subs(node, "orExpr").map((n) => this.orExpr(n));
    return this.leftAssoc(parts, () => "otherwise");
  }

  /** Folds operands left to right; undefined operands (recovered errors) are dropped. */
  private leftAssoc(
    parts: (A.Expr | undefined)[],
    opAt: (i: number) => A.BinaryExpr["op"] | undefined,
  ): A.Expr | undefined {
    let result = parts[0];
    for (let i = 1; i < parts.length; i++) {
      const right = parts[i];
      const op = opAt(i - 1);
      if (!result) {
        result = right;
        continue;
      }
      if (!right || !op) continue;
      result = { kind: "binary", op, left: result, right, range: span(result.range, right.range) };
    }
    return result;
  }

  orExpr(node: CstNode): A.Expr | undefined {
    const only = this.onlySub(node, "andExpr");
    if (only) return this.andExpr(only);
    return this.leftAssoc(
      this.subs(node, "andExpr").map((n) => this.andExpr(n)),
      () => "or",
    );
  }

  andExpr(node: CstNode): A.Expr | undefined {
    const only = this.onlySub(node, "notExpr");
    if (only) return this.notExpr(only);
    return this.leftAssoc(
      this.subs(node, "notExpr").map((n) => this.notExpr(n)),
      () => "and",
    );
  }

  notExpr(node: CstNode): A.Expr | undefined {
    const not = this.tok(node, "Kw_not");
    if (not) {
      const inner = this.sub(node, "notExpr");
      const operand = inner ? this.notExpr(inner) : undefined;
      if (!operand) return undefined;
      return { kind: "unary", op: "not", operand, range: span(tokenRange(not), operand.range) };
    }
    const cmp = this.sub(node, "comparison");
    return cmp ? this.comparison(cmp) : undefined;
  }

  comparison(node: CstNode): A.Expr | undefined {
    const left = this.additive(this.sub(node, "additive"));
    const tails = this.subs(node, "comparisonTail");
    if (!left || tails.length === 0) return left;
    if (tails.length > 1) {
      const second = tails[1];
      this.report("PPL1007", span(left.range, this.nodeRange(tails[tails.length - 1])), {});
      void second;
    }
    return this.comparisonTail(left, tails[0]);
  }

  private comparisonTail(left: A.Expr, tail: CstNode): A.Expr | undefined {
    const op = this.tok(tail, "op");
    if (op) {
      const right = this.additive(this.sub(tail, "additive"));
      if (!right) return undefined;
      return { kind: "binary", op: op.image as A.ComparisonOp, left, right, range: span(left.range, right.range) };
    }
    if (this.tok(tail, "Kw_between")) {
      const low = this.additive(this.sub(tail, "low"));
      const high = this.additive(this.sub(tail, "high"));
      if (!low || !high) return undefined;
      return { kind: "between", value: left, low, high, range: span(left.range, high.range) };
    }
    if (this.tok(tail, "Kw_in")) {
      const list = this.additive(this.sub(tail, "list"));
      if (!list) return undefined;
      return {
        kind: "in",
        negated: this.tok(tail, "Kw_not") !== undefined,
        item: left,
        list,
        range: span(left.range, list.range),
      };
    }
    const missing = this.tok(tail, "Kw_missing");
    if (this.tok(tail, "Kw_is") && missing) {
      return {
        kind: "isMissing",
        negated: this.tok(tail, "Kw_not") !== undefined,
        operand: left,
        range: span(left.range, tokenRange(missing)),
      };
    }
    return undefined;
  }

  additive(node: CstNode | undefined): A.Expr | undefined {
    if (!node) return undefined;
    const only = this.onlySub(node, "multiplicative");
    if (only) return this.multiplicative(only);
    const ops = this.toks(node, "op");
    return this.leftAssoc(
      this.subs(node, "multiplicative").map((n) => this.multiplicative(n)),
      (i) => ops[i]?.image as A.ArithmeticOp | undefined,
    );
  }

  multiplicative(node: CstNode): A.Expr | undefined {
    const only = this.onlySub(node, "unary");
    if (only) return this.unary(only);
    const ops = this.toks(node, "op");
    return this.leftAssoc(
      this.subs(node, "unary").map((n) => this.unary(n)),
      (i) => ops[i]?.image as A.ArithmeticOp | undefined,
    );
  }

  unary(node: CstNode): A.Expr | undefined {
    const minus = this.tok(node, "Minus");
    if (minus) {
      const inner = this.sub(node, "unary");
      const operand = inner ? this.unary(inner) : undefined;
      if (!operand) return undefined;
      return { kind: "unary", op: "-", operand, range: span(tokenRange(minus), operand.range) };
    }
    const primary = this.sub(node, "primary");
    return primary ? this.primaryChildren(primary) : undefined;
  }

  /** Builds a primary from a node whose children are those of `primary` (also used by `rowValue`). */
  private primaryChildren(node: CstNode): A.Expr | undefined {
    const number = this.tok(node, "NumberLit");
    if (number) return this.numberLiteral(number);
    const string = this.tok(node, "StringLit");
    if (string) return this.stringLiteral(string);
    for (const [word, tokenName] of BOOLEAN_WORDS) {
      const t = this.tok(node, tokenName);
      if (t) return { kind: "boolean", value: word === "true", range: tokenRange(t) };
    }
    for (const [word, tokenName] of VALUE_WORDS) {
      const t = this.tok(node, tokenName);
      if (t) return { kind: word, range: tokenRange(t) };
    }
    const callOrName = this.sub(node, "callOrName");
    if (callOrName) return this.callOrName(callOrName);
    const minMax = this.sub(node, "minMaxCall");
    if (minMax) {
      const kw = this.tok(minMax, "Kw_min") ?? this.tok(minMax, "Kw_max");
      if (!kw) return undefined;
      return this.call(kw, this.sub(minMax, "callArgs"), this.nodeRange(minMax));
    }
    const paren = this.sub(node, "parenExpr");
    if (paren) {
      const inner = this.expression(this.sub(paren, "expression"));
      return inner ? { kind: "paren", inner, range: this.nodeRange(paren) } : undefined;
    }
    const list = this.sub(node, "listExpr");
    if (list) {
      const items = this.subs(list, "expression")
        .map((n) => this.expression(n))
        .filter((e): e is A.Expr => e !== undefined);
      return { kind: "list", items, range: this.nodeRange(list) };
    }
    const ifNode = this.sub(node, "ifExpr");
    if (ifNode) {
      const condition = this.expression(this.sub(ifNode, "condition"));
      const then = this.expression(this.sub(ifNode, "then"));
      const otherwise = this.expression(this.sub(ifNode, "else"));
      if (!condition || !then || !otherwise) return undefined;
      return { kind: "if", condition, then, else: otherwise, range: this.nodeRange(ifNode) };
    }
    return undefined;
  }

  private callOrName(node: CstNode): A.Expr | undefined {
    const id = this.tok(node, "Identifier");
    if (!id) return undefined;
    const args = this.sub(node, "callArgs");
    if (!args) return { kind: "name", name: id.image, range: tokenRange(id) };
    return this.call(id, args, this.nodeRange(node));
  }

  private call(callee: IToken, argsNode: CstNode | undefined, range: A.SourceRange): A.Expr | undefined {
    if (!(FUNCTION_NAMES as readonly string[]).includes(callee.image)) {
      this.report(
        "PPL1011",
        tokenRange(callee),
        { name: callee.image, functions: FUNCTION_NAMES },
        { suggestion: suggest(closestName(callee.image, FUNCTION_NAMES), tokenRange(callee)) },
      );
      return undefined;
    }
    const args = argsNode
      ? this.subs(argsNode, "expression")
          .map((n) => this.expression(n))
          .filter((e): e is A.Expr => e !== undefined)
      : [];
    return {
      kind: "call",
      callee: callee.image as A.FunctionName,
      calleeRange: tokenRange(callee),
      args,
      range,
    };
  }
}

/** A `given` value: a literal, a negative number, or a list of strings. */
function isGivenLiteral(e: A.Expr): boolean {
  if (e.kind === "number" || e.kind === "string" || e.kind === "boolean") return true;
  if (e.kind === "unary" && e.op === "-" && e.operand.kind === "number") return true;
  if (e.kind === "list") return e.items.every((i) => i.kind === "string");
  return false;
}

export const RESERVED = new Set<string>(RESERVED_WORDS);
