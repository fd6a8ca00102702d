// The editor grammar (grammar/ppl.tmLanguage.json): its keyword list matches
// the lexer's reserved words, every regex compiles, and sample lines get the
// scopes an editor should colour them with. Lines are tokenized here with a
// small TextMate-style matcher over plain JS regexes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FUNCTION_NAMES, RESERVED_WORDS } from "../../src/syntax/tokens.js";

interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  endCaptures?: Record<string, { name: string }>;
}

const GRAMMAR_DIR = join(import.meta.dirname, "../../grammar");
const grammar = JSON.parse(readFileSync(join(GRAMMAR_DIR, "ppl.tmLanguage.json"), "utf8")) as {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
};

function allRules(rules: Rule[]): Rule[] {
  return rules.flatMap((r) => [r, ...allRules(r.patterns ?? [])]);
}
const everyRule = allRules([...grammar.patterns, ...Object.values(grammar.repository)]);

/** Words of `\b(?:a|b|c)\b` alternations. */
function alternationWords(pattern: string): string[] {
  const m = /\\b\((?:\?:)?([a-z_|]+)\)/.exec(pattern);
  return m ? m[1].split("|") : [];
}

function resolve(rule: Rule): Rule[] {
  if (rule.include) {
    const target = grammar.repository[rule.include.slice(1)];
    if (!target) throw new Error(`unknown include ${rule.include}`);
    return resolve(target);
  }
  if (!rule.match && !rule.begin && rule.patterns) return rule.patterns.flatMap(resolve);
  return [rule];
}

interface Token {
  text: string;
  scope: string;
}

/** One line, TextMate-style: at each position the earliest match wins, ties to the first rule. */
function tokenizeLine(line: string, rules: Rule[] = grammar.patterns): Token[] {
  const candidates = rules.flatMap(resolve);
  const tokens: Token[] = [];
  let at = 0;
  while (at < line.length) {
    let best: { rule: Rule; match: RegExpExecArray } | undefined;
    for (const rule of candidates) {
      const re = new RegExp(rule.match ?? rule.begin!, "gd");
      re.lastIndex = at;
      const match = re.exec(line);
      if (match && match[0].length > 0 && (!best || match.index < best.match.index)) best = { rule, match };
    }
    if (!best) break;
    const { rule, match } = best;
    if (match.index > at) tokens.push({ text: line.slice(at, match.index), scope: "" });
    if (rule.begin) {
      const end = new RegExp(rule.end!, "g");
      end.lastIndex = match.index + match[0].length;
      let close = end.exec(line);
      // Inside a begin/end rule, escapes are consumed before the end is looked for.
      let cursor = match.index + match[0].length;
      while (close) {
        const inner = (rule.patterns ?? []).map((p) => new RegExp(p.match!, "y"));
        let skipped = false;
        for (let i = cursor; i < close.index; i++) {
          for (const re of inner) {
            re.lastIndex = i;
            const m = re.exec(line);
            if (m && i + m[0].length > close.index) {
              cursor = i + m[0].length;
              skipped = true;
            }
          }
          if (skipped) break;
        }
        if (!skipped) break;
        end.lastIndex = cursor;
        close = end.exec(line);
      }
      const stop = close ? close.index + close[0].length : line.length;
      tokens.push({ text: line.slice(match.index, stop), scope: rule.name ?? "" });
      at = stop;
      continue;
    }
    const captures = rule.captures ?? {};
    if (Object.keys(captures).length > 0 && match.indices) {
      let pos = match.index;
      for (const [group, { name }] of Object.entries(captures)) {
        const span = match.indices[Number(group)];
        if (!span) continue;
        if (span[0] > pos) tokens.push({ text: line.slice(pos, span[0]), scope: rule.name ?? "" });
        tokens.push({ text: line.slice(span[0], span[1]), scope: name.replace("$1", match[1] ?? "") });
        pos = span[1];
      }
      if (pos < match.index + match[0].length)
        tokens.push({ text: line.slice(pos, match.index + match[0].length), scope: rule.name ?? "" });
    } else {
      tokens.push({ text: match[0], scope: rule.name ?? "" });
    }
    at = match.index + match[0].length;
  }
  return tokens.filter((t) => t.text.trim() !== "");
}

function scopeOf(line: string, text: string): string | undefined {
  return tokenizeLine(line).find((t) => t.text === text)?.scope;
}

describe("the TextMate grammar", () => {
  it("is source.ppl", () => expect(grammar.scopeName).toBe("source.ppl"));

  it("lists exactly the lexer's reserved words as keywords", () => {
    const keywordWords = grammar.repository.keywords.patterns!.flatMap((p) => alternationWords(p.match!));
    expect([...keywordWords].sort()).toEqual([...RESERVED_WORDS].sort());
  });

  it("knows every built-in function", () => {
    expect(alternationWords(grammar.repository["function-call"].match!).sort()).toEqual([...FUNCTION_NAMES].sort());
  });

  it("has regexes that compile as JavaScript regexes", () => {
    const sources = everyRule.flatMap((r) => [r.match, r.begin, r.end].filter((s): s is string => s !== undefined));
    expect(sources.length).toBeGreaterThan(20);
    for (const source of sources) expect(() => new RegExp(source), source).not.toThrow();
  });

  it("colours keywords, names, numbers, strings, comments and operators", () => {
    const line = 'kpi attainment = revenue / sales_target otherwise 0   as "Sales attainment" # why';
    expect(scopeOf(line, "kpi")).toBe("storage.type.kpi.ppl");
    expect(scopeOf(line, "attainment")).toBe("entity.name.function.ppl");
    expect(scopeOf(line, "=")).toBe("keyword.operator.comparison.ppl");
    expect(scopeOf(line, "/")).toBe("keyword.operator.arithmetic.ppl");
    expect(scopeOf(line, "otherwise")).toBe("keyword.operator.word.ppl");
    expect(scopeOf(line, "0")).toBe("constant.numeric.ppl");
    expect(scopeOf(line, "as")).toBe("keyword.other.clause.ppl");
    expect(scopeOf(line, '"Sales attainment"')).toBe("string.quoted.double.ppl");
    expect(scopeOf(line, "# why")).toBe("comment.line.number-sign.ppl");
    expect(scopeOf(line, "revenue")).toBe("variable.other.ppl");
  });

  it("colours numbers with k, M and % suffixes, and flags 5kg", () => {
    expect(tokenizeLine("cap 250k").map((t) => t.scope)).toEqual([
      "keyword.other.clause.ppl",
      "constant.numeric.ppl",
      "keyword.other.unit.suffix.ppl",
    ]);
    expect(scopeOf("amount revenue * 0.5%", "0.5")).toBe("constant.numeric.ppl");
    expect(scopeOf("amount revenue * 0.5%", "%")).toBe("keyword.other.unit.suffix.ppl");
    expect(scopeOf("revenue: 1_234_567.50", "1_234_567.50")).toBe("constant.numeric.ppl");
    expect(scopeOf("x: 1.5M", "M")).toBe("keyword.other.unit.suffix.ppl");
    expect(scopeOf("require weight >= 5kg", "5kg")).toBe("invalid.illegal.number.ppl");
    expect(scopeOf("input x2: number", "x2")).toBe("entity.name.function.ppl");
  });

  it("keeps escapes inside strings", () => {
    const tokens = tokenizeLine('benefit "say \\"hi\\" \\\\ now" # c');
    expect(tokens[1]).toEqual({ text: '"say \\"hi\\" \\\\ now"', scope: "string.quoted.double.ppl" });
    expect(tokens[2].scope).toBe("comment.line.number-sign.ppl");
    expect(tokenizeLine('"a # not a comment"')).toHaveLength(1);
  });

  it("names tiers after tier, extends, subtier and of", () => {
    expect(scopeOf("tier Premier extends Member {", "Premier")).toBe("entity.name.type.tier.ppl");
    expect(scopeOf("tier Premier extends Member {", "extends")).toBe("storage.modifier.extends.ppl");
    expect(scopeOf("tier Premier extends Member {", "Member")).toBe("entity.other.inherited-class.tier.ppl");
    const subtier = 'subtier "Premier Services" of Premier {';
    expect(scopeOf(subtier, "subtier")).toBe("storage.type.subtier.ppl");
    expect(scopeOf(subtier, '"Premier Services"')).toBe("entity.name.type.tier.ppl");
    expect(scopeOf(subtier, "of")).toBe("keyword.other.of.ppl");
    expect(scopeOf(subtier, "Premier")).toBe("entity.other.inherited-class.tier.ppl");
  });

  it("treats tier in an expression as a value", () => {
    expect(scopeOf("when tier >= Member and x", "tier")).toBe("variable.language.ppl");
    expect(scopeOf("expect tier in subtiers", "tier")).toBe("variable.language.ppl");
    expect(scopeOf("table base_rate by tier {", "tier")).toBe("variable.language.ppl");
  });

  it("colours types, modifiers and functions", () => {
    const line = 'input region: one of "AMS", "EMEA" optional';
    expect(scopeOf(line, "one")).toBe("keyword.other.clause.ppl");
    expect(scopeOf(line, "optional")).toBe("storage.modifier.ppl");
    expect(scopeOf("input csat: number min 0 max 10", "number")).toBe("support.type.ppl");
    expect(scopeOf("input csat: number min 0 max 10", "min")).toBe("storage.modifier.ppl");
    expect(scopeOf("kpi m = min(a, b)", "min")).toBe("support.function.builtin.ppl");
    expect(scopeOf("kpi r = round (a, 2)", "round")).toBe("support.function.builtin.ppl");
  });
});

describe("the language configuration", () => {
  const config = JSON.parse(readFileSync(join(GRAMMAR_DIR, "language-configuration.json"), "utf8"));

  it("declares # comments, brackets and auto-closing pairs", () => {
    expect(config.comments.lineComment).toBe("#");
    expect(config.brackets).toEqual([
      ["{", "}"],
      ["[", "]"],
      ["(", ")"],
    ]);
    expect(config.autoClosingPairs.map((p: { open: string }) => p.open)).toEqual(["{", "[", "(", '"']);
  });

  it("has regexes that compile", () => {
    for (const source of [
      config.wordPattern,
      config.indentationRules.increaseIndentPattern,
      config.indentationRules.decreaseIndentPattern,
    ]) {
      expect(() => new RegExp(source)).not.toThrow();
    }
    expect(new RegExp(config.indentationRules.increaseIndentPattern).test("tier Gold {")).toBe(true);
    expect(new RegExp(config.indentationRules.decreaseIndentPattern).test("  }")).toBe(true);
  });
});
