// The catalogue of diagnostic codes: each code has one meaning, a severity and
// a message template with typed arguments, so a call site says which problem
// it found and with which facts, and the wording lives here once.
// Codes are stable: never renumber or reuse one. PPL1xxx: lexical and syntax;
// PPL2xxx: names and declarations; PPL3xxx: types and expressions; PPL4xxx:
// program structure (weights, bands, cycles, tiers); PPL5xxx: tests;
// PPL8xxx: internal errors of the checker; PPL9xxx: warnings.
import type { Severity } from "./diagnostic.js";

/**
 * One catalogue entry. `message` receives the call site's arguments and, when
 * the diagnostic carries a suggestion, the suggested name (for "did you mean").
 */
export interface CodeInfo<Args> {
  severity: Severity;
  /** One line saying what the code is about (for docs). */
  title: string;
  message: (args: Args, suggested: string | undefined) => string;
  /** No fixture program can produce it (an internal error); the golden test skips it. */
  internal?: true;
}

/** Arguments of a code whose message has no slots. */
export type NoArgs = Record<string, never>;

function error<Args>(title: string, message: (args: Args, suggested: string | undefined) => string): CodeInfo<Args> {
  return { severity: "error", title, message };
}

function warning<Args>(title: string, message: (args: Args, suggested: string | undefined) => string): CodeInfo<Args> {
  return { severity: "warning", title, message };
}

/** "; did you mean X?" when there is a suggestion, else `otherwise`. */
function meanOr(suggested: string | undefined, otherwise: string, show = (s: string) => s): string {
  return suggested !== undefined ? `; did you mean ${show(suggested)}?` : otherwise;
}

const quoted = (s: string): string => JSON.stringify(s);
const ticked = (s: string): string => `\`${s}\``;

export const CODES = {
  // --- lexical and syntax (src/syntax)
  PPL1001: error(
    "Unexpected character",
    (a: { chars: string; count: number }) =>
      `unexpected character${a.count > 1 ? "s" : ""} \`${a.chars}\`; remove ${a.count > 1 ? "them" : "it"} or put text inside double quotes`,
  ),
  PPL1002: error(
    "Unterminated string",
    (_: NoArgs) => 'this string has no closing `"` on its line; add one (strings cannot span lines)',
  ),
  PPL1003: error(
    "Number followed by letters",
    (a: { text: string }) =>
      `\`${a.text}\` is not a number: a number may end only in \`k\`, \`M\` or \`%\`; put a space or an operator after it, or quote it as text`,
  ),
  PPL1004: error(
    "Invalid escape in string",
    (a: { escape: string }) =>
      `unknown escape \`\\${a.escape}\` in a string; the escapes are \\", \\\\, \\n and \\t (write \\\\ for a backslash)`,
  ),
  PPL1005: error("Syntax error", (a: { problem: string }) => a.problem),
  PPL1006: error("Reserved word used as a name", (a: { word: string; builtin: boolean }, suggested) =>
    a.builtin
      ? `\`${a.word}\` is the name of a built-in function and cannot be declared; choose another name, such as \`${suggested ?? `${a.word}_value`}\``
      : `\`${a.word}\` is a reserved word and cannot be used as a name; choose another name, such as \`${suggested ?? `${a.word}_value`}\``,
  ),
  PPL1007: error(
    "Chained comparison",
    (_: NoArgs) =>
      "comparisons cannot be chained; write each comparison on its own and join them with `and` (for a range, `x between a and b`)",
  ),
  PPL1008: error(
    "Missing program header",
    (_: NoArgs) => 'the file has no `program` header; start it with `program "Name" { currency USD }`',
  ),
  PPL1009: error(
    "Invalid number literal",
    (a: { text: string }) =>
      `\`${a.text}\` is not a valid number: write digits after a decimal point (\`1.0\`) and a single \`_\` between digit groups (\`1_000\`)`,
  ),
  PPL1010: error(
    "Percentage expected",
    (a: { part: "weight" | "threshold" | "target" | string; text: string }) =>
      `the ${a.part} of a scorecard line is a percentage: write \`${a.text}%\` or the share as a percent, such as \`50%\``,
  ),
  PPL1011: error(
    "Unknown function",
    (a: { name: string; functions: readonly string[] }, suggested) =>
      `there is no function \`${a.name}\`; the functions are ${a.functions.join(", ")}${meanOr(suggested, "", ticked)}`,
  ),
  PPL1012: error(
    "Incentive clause repeated",
    (a: { incentive: string; clause: string }) =>
      `incentive ${a.incentive} has more than one \`${a.clause}\`; keep one`,
  ),
  PPL1013: error(
    "Test without expect",
    (a: { test: string }) => `test ${a.test} has no \`expect\`; add at least one, such as \`expect tier = Member\``,
  ),
  PPL1014: error(
    "Test value is not a literal",
    (a: { field: string }) =>
      `the value of \`${a.field}\` in \`given\` must be a literal: a number (optionally negative), a string, true/false or a list of strings`,
  ),
  PPL1015: error("Expression nested too deeply or too long", (a: { shape: "nested" | "long"; limit: number }) =>
    a.shape === "nested"
      ? `this expression is nested more than ${a.limit} levels deep (brackets, calls, \`if\`, \`not\`, \`-\`); split it into smaller KPIs`
      : `this expression is too long: it chains operators more than ${a.limit} levels deep; split it into smaller KPIs`,
  ),
  PPL1016: error(
    "Program header repeated",
    (a: { firstLine: number }) =>
      `a file holds one \`program\` header, but this is a second one (the first is at line ${a.firstLine}); merge them or split the file`,
  ),
  PPL1017: error(
    "Program header after a declaration",
    (_: NoArgs) => "the `program` header must come before every declaration; move it to the top of the file",
  ),
  PPL1018: error(
    "Incentive without amount",
    (a: { incentive: string }) =>
      `incentive ${a.incentive} has no \`amount\`; add one, such as \`amount revenue * 1%\``,
  ),
  PPL1019: error(
    "Test without given",
    (a: { test: string }) =>
      `test ${a.test} has no \`given { ... }\` block; add the partner's input values, such as \`given { partner_id: "P-1" }\``,
  ),
  // --- names and declarations (src/check: declarations.ts, resolve.ts)
  PPL2001: error(
    "Name declared twice",
    (a: { name: string; first: string; firstLine: number }) =>
      `${a.name} is already declared as ${a.first} at line ${a.firstLine}; ` +
      `inputs, KPIs, scorecards, tables and incentives share one set of names, so rename one of them`,
  ),
  PPL2002: error(
    "Tier or subtier name declared twice",
    (a: { kind: string; name: string; firstKind: string; firstLine: number }) =>
      `${a.kind} ${a.name} is already declared as a ${a.firstKind} at line ${a.firstLine}; ` +
      `tier and subtier names must be unique, so rename one of them`,
  ),
  PPL2003: error("Unknown name", (a: { name: string; site: "expression" | "scorecard line" }, suggested) =>
    suggested !== undefined
      ? `unknown name \`${a.name}\`; did you mean \`${suggested}\`?`
      : a.site === "scorecard line"
        ? `unknown name \`${a.name}\`; a scorecard line names an input, KPI or table, so declare it or correct the spelling`
        : `unknown name \`${a.name}\`; declare it (as an input, KPI, scorecard, table or incentive) or correct the spelling`,
  ),
  PPL2004: error(
    "Unknown currency code",
    (a: { code: string; capitals: boolean }, suggested) =>
      `\`${a.code}\` is not an ISO 4217 currency code; write a three-letter code such as \`USD\`, \`EUR\` or \`JPY\`.` +
      (suggested === undefined
        ? ""
        : ` Did you mean \`${suggested}\`?${a.capitals ? " Codes are written in capitals." : ""}`),
  ),
  PPL2005: error(
    "Unknown rounding mode",
    (a: { mode: string }, suggested) =>
      `\`${a.mode}\` is not a rounding mode; write \`half_up\` or \`half_even\`.${suggested === undefined ? "" : ` Did you mean \`${suggested}\`?`}`,
  ),
  PPL2006: error(
    "No key input",
    (_: NoArgs) =>
      "no input is marked `key`, so partners cannot be told apart in the results; " +
      "add `key` to the input that identifies the partner, e.g. `input partner_id: text key`",
  ),
  PPL2007: error(
    "More than one key input",
    (a: { name: string; first: string }) =>
      `${a.name} is marked \`key\`, but ${a.first} already is; exactly one input identifies the partner, so remove one \`key\``,
  ),
  PPL2008: error(
    "Key input that is not text or integer",
    (a: { name: string; type: string }) =>
      `the key input ${a.name} is ${a.type}; a key must be \`text\` or \`integer\`, so change its type`,
  ),
  PPL2009: error(
    "min or max on an input that is not numeric",
    (a: { option: string; bound: string; name: string; type: string }) =>
      `\`${a.option}\` applies only to numeric inputs, but ${a.name} is ${a.type}; remove \`${a.option} ${a.bound}\` or make ${a.name} numeric`,
  ),
  PPL2010: error(
    "min greater than max",
    (a: { name: string; min: string; max: string }) =>
      `${a.name} has \`min ${a.min}\` above \`max ${a.max}\`, so no value is allowed; swap them or correct one`,
  ),
  PPL2011: error(
    "Value repeated in one of / list of",
    (a: { value: string; name: string }) =>
      `${quoted(a.value)} is listed twice in the values of ${a.name}; remove the repeat`,
  ),
  PPL2012: error(
    "extends does not name an earlier tier",
    (
      a:
        | { problem: "unknown" | "subtier"; tier: string; base: string; earlier: string }
        | { problem: "itself"; tier: string }
        | { problem: "later"; tier: string; base: string },
      suggested,
    ) => {
      switch (a.problem) {
        case "itself":
          return `tier ${a.tier} cannot extend itself; extend a lower tier declared before it, or remove \`extends\``;
        case "later":
          return (
            `tier ${a.tier} extends ${a.base}, which is declared after it and so ranks higher; ` +
            `tiers rank in the order written, so move ${a.base} above ${a.tier} or extend an earlier tier`
          );
        default:
          return (
            (a.problem === "subtier"
              ? `${a.base} is a subtier, and a tier can extend only a tier`
              : `there is no tier named ${a.base}`) +
            meanOr(suggested, `; extend one of the tiers declared before ${a.tier} (${a.earlier})`)
          );
      }
    },
  ),
  PPL2013: error(
    "Subtier of something that is not a tier",
    (a: { subtier: string; parent: string; parentIsSubtier: boolean; tiers: string }, suggested) =>
      (a.parentIsSubtier
        ? `subtier ${a.subtier} is of ${a.parent}, which is a subtier; a subtier belongs to a tier`
        : `subtier ${a.subtier} is of ${a.parent}, but there is no tier named ${a.parent}`) +
      meanOr(suggested, `; name one of the tiers (${a.tiers})`),
  ),
  PPL2014: error(
    "total used outside a test",
    (_: NoArgs) =>
      "`total` (the sum of a partner's incentives) exists only once every incentive is paid, so it can be used only in a test's `expect`; " +
      "name the incentives you mean instead",
  ),
  PPL2015: error(
    "Unknown tier name",
    (a: { name: string; tiers: string }, suggested) =>
      `there is no tier named ${a.name}` + meanOr(suggested, `; use one of the declared tiers (${a.tiers})`),
  ),
  PPL2016: error(
    "Scorecard line that names no input, KPI or table",
    (a: { what: string }) =>
      `${a.what}, but a scorecard line scores an input, KPI or table; define a KPI for the value you want to score and name it here`,
  ),
  PPL2017: error(
    "Key input marked optional or confidential",
    (a: { name: string; option: "optional" | "confidential" }) =>
      `the key input ${a.name} cannot be \`${a.option}\`: ` +
      (a.option === "optional"
        ? "every partner needs a key to be identified"
        : "the key is written in every output, which a confidential value never is") +
      `; remove \`${a.option}\` or choose another key`,
  ),
  // --- types and expressions (src/check/types.ts)
  PPL3001: error("Arithmetic on a value that is not numeric", (a: { op: string; operand: string; type: string }) =>
    a.op === "unary -"
      ? `\`-\` needs a number, but ${a.operand} is ${a.type}; negate a numeric value instead`
      : `\`${a.op}\` needs numbers on both sides, but ${a.operand} is ${a.type}; use a numeric value here`,
  ),
  PPL3002: error(
    "Money multiplied by money",
    (a: { expr: string }) =>
      `${a.expr} multiplies money by money, which has no meaning as an amount; ` +
      "multiply money by a number or percent instead (divide one side by a money value to get a ratio)",
  ),
  PPL3003: error(
    "Comparison of values of different kinds",
    (a: { left: string; leftType: string; right: string; rightType: string; advice: string }) =>
      `cannot compare ${a.left} (${a.leftType}) with ${a.right} (${a.rightType}); ${a.advice}`,
  ),
  PPL3004: error(
    "Condition that is not true/false",
    (a: { what: string; expr: string; type: string }) =>
      `${a.what} must be true or false, but ${a.expr} is ${a.type}; compare it with something, e.g. ${a.expr} >= ...`,
  ),
  PPL3005: error(
    "Incentive amount that is not numeric",
    (a: { expr: string; type: string }) =>
      `the amount of an incentive must be numeric, but ${a.expr} is ${a.type}; write a formula that gives money or a number`,
  ),
  PPL3006: error(
    "in/not in without a list on the right",
    (a: { keyword: string; list: string; type: string }) =>
      `\`${a.keyword}\` needs a list on its right, but ${a.list} is ${a.type}; ` +
      'name a `list of` input or `subtiers`, write a list such as `["A", "B"]`, or use `=` to compare single values',
  ),
  PPL3007: error(
    "String that is not one of the allowed values",
    (a: { value: string; values: readonly string[]; source: string }, suggested) => {
      const values = a.values.map(quoted).join(", ");
      const subtiers = a.source === "subtiers";
      const what = subtiers
        ? `is not the name of a subtier (${values || "none is declared"})`
        : `is not one of the values of ${a.source} (${values})`;
      const fix =
        suggested !== undefined
          ? `did you mean ${quoted(suggested)}?`
          : subtiers
            ? "use a declared subtier name"
            : `use one of them, or add it to the values of ${a.source}`;
      return `${quoted(a.value)} ${what}; ${fix}`;
    },
  ),
  PPL3008: error(
    "Wrong number of arguments",
    (a: { callee: string; least: number; most: number; given: number; usage: string }) => {
      const wanted = a.least === a.most ? `${a.least}` : `at least ${a.least}`;
      return `\`${a.callee}\` takes ${wanted} argument${a.least === 1 && a.most === 1 ? "" : "s"} but is given ${a.given}; write it as \`${a.usage}\``;
    },
  ),
  PPL3009: error(
    "Argument of the wrong type",
    (a: { callee: string; wanted: string; arg: string; type: string }) =>
      `\`${a.callee}\` needs ${a.wanted} here, but ${a.arg} is ${a.type}; pass ${a.wanted}`,
  ),
  PPL3010: error(
    "Band table keyed by a value that is not numeric",
    (a: { table: string; key: string; type: string }) =>
      `table ${a.table} has bands, which need a numeric key, but ${a.key} is ${a.type}; ` +
      'key the table by a number, or use match rows such as `"A": 1`',
  ),
  PPL3011: error(
    "Match table keyed by a value that is not a tier, one of or text",
    (a: { table: string; key: string; type: string; numeric: boolean }) =>
      `table ${a.table} has match rows, which need a key that is \`tier\`, a \`one of\` input or text, but ${a.key} is ${a.type}; ` +
      (a.numeric
        ? "use bands (`below X:`, `X to Y:`, `X and above:`) for a numeric key"
        : "key the table by such a value"),
  ),
  PPL3012: error(
    "Match row key that does not fit the table key",
    (a: { table: string; key: string; type: string; row: string }) =>
      `table ${a.table} is keyed by ${a.key}, which is ${a.type}, so its row keys are strings; ` +
      `write "${a.row}" in quotes`,
  ),
  PPL3013: error(
    "Scorecard value that is not numeric",
    (a: { name: string; type: string }) =>
      `a scorecard line scores a numeric value, but ${a.name} is ${a.type}; ` +
      "score a number, money or percent value (define a KPI that turns it into one)",
  ),
  PPL3014: error(
    "Alternatives of different types",
    (a: {
      place: "table rows" | "list items" | "if branches" | "otherwise" | "arguments";
      table?: string;
      first: string;
      other: string;
    }) => {
      switch (a.place) {
        case "table rows":
          return (
            `the rows of table ${a.table} give different kinds of value: this row gives ${a.other}, ` +
            `an earlier one ${a.first}; make every row give the same kind of value`
          );
        case "list items":
          return (
            `a list holds values of one kind, but this item is ${a.other} and an earlier one ${a.first}; ` +
            "make every item the same kind"
          );
        case "if branches":
          return (
            `the \`then\` branch gives ${a.first} but the \`else\` branch gives ${a.other}; ` +
            "make both branches the same kind of value"
          );
        case "otherwise":
          return (
            `\`otherwise\` replaces a missing ${a.first} with ${a.other}; ` +
            "give a fallback of the same kind as the value before `otherwise`"
          );
        case "arguments":
          return `this argument is ${a.other} but an earlier one is ${a.first}; make every argument the same kind of value`;
      }
    },
  ),
  PPL3015: error(
    "in/not in with an item unlike the list's items",
    (a: { item: string; itemType: string; list: string; listType: string; keyword: string }) =>
      `${a.item} is ${a.itemType}, but ${a.list} is ${a.listType}, so it can never be ${a.keyword === "in" ? "in" : "outside"} it; ` +
      "test a value of the same kind as the list's items",
  ),
  PPL3016: error(
    "between on a value that is not numeric",
    (a: { operand: string; type: string }) =>
      `\`between\` compares numbers, but ${a.operand} is ${a.type}; use a numeric value here`,
  ),
  PPL3017: error(
    "List compared with a comparison operator",
    (a: { op: string; list: string }) =>
      `lists cannot be compared with \`${a.op}\`; test membership with \`in\`, e.g. \`"A" in ${a.list}\``,
  ),
  PPL3018: error(
    "Text or true/false ordered with <, <=, > or >=",
    (a: { op: string; what: "boolean" | "text" }) =>
      `${a.what === "boolean" ? "true/false values" : "text"} cannot be ordered with \`${a.op}\`; use \`=\` or \`!=\``,
  ),
  PPL3019: error(
    "round digits that are not a whole number",
    (a: { digits: string }) =>
      `the digits of \`round\` must be a whole number of decimal places, such as 0 or 2, not ${a.digits}; correct it`,
  ),
  // --- program structure (src/check: cycles.ts, scorecards.ts, tables.ts)
  PPL4001: error("Cycle between values", (a: { cycle: readonly string[] }) => {
    const path = [...a.cycle, a.cycle[0]].join(" → ");
    return a.cycle.length === 1
      ? `${a.cycle[0]} is defined in terms of itself (${path}); compute it from other values`
      : `${a.cycle[0]} depends on itself through a cycle: ${path}; change one of these formulas so the chain ends at inputs`;
  }),
  PPL4002: error(
    "Tier requirement that depends on tier or subtiers",
    (a: { owner: string; word: string; through?: { name: string; path: readonly string[] } }) => {
      const decided = a.word === "tier" ? "tier is" : "subtiers are";
      return a.through === undefined
        ? `a requirement of ${a.owner} uses \`${a.word}\`, but the partner's ${decided} decided by these requirements, so it cannot be one of them; ` +
            "base the requirement on inputs and KPIs, or use `extends` to build on a lower tier"
        : `a requirement of ${a.owner} uses ${a.through.name}, which depends on \`${a.word}\` (${a.through.path.join(" → ")}), but the partner's ${decided} decided by these requirements; ` +
            "base the requirement on values that do not depend on the tier";
    },
  ),
  PPL4003: error(
    "Scorecard weights do not add up to 100%",
    (a: { scorecard: string; sum: string; terms: string; short: boolean }) =>
      `the weights of scorecard ${a.scorecard} add up to ${a.sum} (${a.terms}), ${a.short ? "short of" : "over"} 100%; ` +
      "change them so they total exactly 100%",
  ),
  PPL4004: error(
    "Overlapping bands",
    (a: { band: string; table: string; other: string; where: string }) =>
      `band \`${a.band}\` of table ${a.table} overlaps band \`${a.other}\` ${a.where}, so a key there would match both; ` +
      "make each band start where the one before it ends",
  ),
  PPL4005: error(
    "Gap between bands",
    (a: { table: string; from: string; to: string; before: string; after: string }) =>
      `no band of table ${a.table} covers keys from ${a.from} up to ${a.to} (between \`${a.before}\` and \`${a.after}\`), ` +
      `so those keys would find no value; add a row \`${a.from} to ${a.to}: ...\` or move a bound so the bands meet`,
  ),
  PPL4006: error(
    "Bands mixed with match rows",
    (a: { table: string }) =>
      `table ${a.table} mixes bands (\`below\`, \`to\`, \`and above\`) with match rows (\`KEY:\`, \`otherwise:\`); ` +
      "a table uses one kind: bands for a numeric key, match rows for a tier or text key",
  ),
  PPL4007: error(
    "More than one otherwise row",
    (a: { table: string }) =>
      `table ${a.table} has more than one \`otherwise\` row, but only one can catch the remaining keys; keep one`,
  ),
  PPL4008: error(
    "Match key repeated",
    (a: { table: string; key: string }) =>
      `table ${a.table} has two rows for ${a.key}; only the first could ever match, so remove or change one`,
  ),
  PPL4009: error(
    "Empty band",
    (a: { band: string; table: string }) =>
      `band \`${a.band}\` of table ${a.table} is empty: \`X to Y\` covers keys from X up to (not including) Y, so X must be below Y; ` +
      "swap the bounds or correct one",
  ),
  // --- tests (src/check/tests.ts)
  PPL5001: error(
    "Given field that is not an input",
    (a: { name: string; actually?: string }, suggested) =>
      (a.actually !== undefined
        ? `${a.name} is a ${a.actually}, not an input; a test gives only inputs (derived values are computed), `
        : `${a.name} is not an input; `) +
      (suggested !== undefined
        ? `did you mean ${suggested}?`
        : a.actually !== undefined
          ? "check its value with `expect` instead"
          : "give only declared inputs"),
  ),
  PPL5002: error(
    "Given value of the wrong type",
    (a: { name: string; wanted: string; given: string; example: string } | { name: string; listItem: string }) =>
      "listItem" in a
        ? `${a.name} is a list of strings, but this item is ${a.listItem}; write each item as a string`
        : `${a.name} is ${a.wanted}, but the test gives ${a.given}; give ${a.example}`,
  ),
  PPL5003: error(
    "Given field repeated",
    (a: { name: string }) => `${a.name} is given twice in this test; keep one value`,
  ),
  PPL5004: error(
    "Given value that is not allowed",
    (a: { name: string; value: string; values: readonly string[] }, suggested) =>
      `${quoted(a.value)} is not one of the values of ${a.name} (${a.values.map(quoted).join(", ")}); ` +
      (suggested !== undefined ? `did you mean ${quoted(suggested)}?` : "give one of them"),
  ),
  PPL5005: error(
    "Given list value repeated",
    (a: { name: string; value: string }) =>
      `${quoted(a.value)} is listed twice for ${a.name}, but a list has no repeats; remove one`,
  ),
  // --- internal errors (src/check/check.ts)
  PPL8001: {
    severity: "error",
    title: "Internal error in a checker stage",
    internal: true,
    message: (a: { stage: string; error: string }) =>
      `internal error: the checker's "${a.stage}" stage failed (${a.error}), so this file was not fully checked; ` +
      "this is a bug in PPL, not in your program: please report it with the file that caused it",
  } satisfies CodeInfo<{ stage: string; error: string }>,
  // --- warnings (src/check/warnings.ts)
  PPL9001: warning(
    "Input never used",
    (a: { name: string }) =>
      `input ${a.name} is never used by a KPI, requirement, scorecard, table, incentive or expect; ` +
      "use it, or remove it if the program does not need this data",
  ),
  PPL9002: warning(
    "Table never used",
    (a: { name: string }) =>
      `table ${a.name} is never used, and tables are not written to the results; ` +
      "use it in a KPI, requirement or incentive, or remove it",
  ),
  PPL9003: warning(
    "Tier that can never be reached",
    (a: { lower: string; higher: string }) =>
      `no partner can ever be in tier ${a.lower}: every partner that meets its requirements also meets those of ${a.higher}, ` +
      `which ranks higher; give ${a.higher} a requirement of its own, or remove ${a.lower}`,
  ),
  PPL9004: warning(
    "Subtier that adds no requirement",
    (a: { subtier: string; tier: string; own: "none" | "subset" }) =>
      a.own === "none"
        ? `subtier ${a.subtier} has no requirements of its own, so every partner in tier ${a.tier} or above holds it; ` +
          "add the requirements that set it apart, or give its benefits to the tier instead"
        : `every requirement of subtier ${a.subtier} is already a requirement of tier ${a.tier}, so every ${a.tier} partner holds it; ` +
          "add a requirement that sets it apart, or give its benefits to the tier instead",
  ),
  // --- range analysis (src/check/ranges.ts): proofs from the inputs' declared types, min, max and optional
  PPL9101: warning(
    "Condition that can never hold",
    (a: { expr: string; place: "requirement" | "when"; reason: string }) =>
      `\`${a.expr}\` can never hold: ${a.reason}; ` +
      (a.place === "requirement"
        ? "no partner can meet this requirement, so correct the comparison or the inputs' declared min/max"
        : "the incentive's `when` cannot be met this way, so correct the comparison or the inputs' declared min/max"),
  ),
  PPL9102: warning(
    "Condition that always holds",
    (a: { expr: string; place: "requirement" | "when"; reason: string }) =>
      `\`${a.expr}\` always holds: ${a.reason}; ` +
      (a.place === "requirement"
        ? "every partner meets it, so correct the comparison or remove the requirement"
        : "it never keeps a partner from the incentive, so correct the comparison or remove it from `when`"),
  ),
  PPL9103: warning(
    "Table row that can never be reached",
    (a: { table: string; row: string; reason: string }) =>
      `row \`${a.row}\` of table ${a.table} can never be reached: ${a.reason}; ` +
      "correct the row or the key's declared range, or remove the row",
  ),
  PPL9104: warning(
    "Scorecard line that always scores 0",
    (a: { scorecard: string; value: string; threshold: string; target: string; reason: string }) =>
      `the line ${a.value} of scorecard ${a.scorecard} always scores 0: ${a.reason}, so it never reaches ` +
      `the threshold ${a.threshold} (target ${a.target}); correct the threshold and target or the declared range`,
  ),
  PPL9105: warning(
    "Scorecard line that always scores its maximum",
    (a: { scorecard: string; value: string; threshold: string; target: string; max: string; reason: string }) =>
      `the line ${a.value} of scorecard ${a.scorecard} always scores its maximum ${a.max}: ${a.reason}, ` +
      `so it is always past the threshold ${a.threshold} and target ${a.target}; correct them or the declared range`,
  ),
  PPL9106: warning(
    "Incentive cap that can never be reached",
    (a: { incentive: string; cap: string; reason: string }) =>
      `the cap ${a.cap} of incentive ${a.incentive} can never be reached: ${a.reason}; ` +
      "lower the cap to where it matters, or remove it",
  ),
  PPL9107: warning(
    "Incentive amount that can never be positive",
    (a: { incentive: string; reason: string }) =>
      `incentive ${a.incentive} always pays 0: its amount can never be positive (${a.reason}); ` +
      "correct the amount or the inputs' declared min/max",
  ),
};

/** A diagnostic code: one of the catalogue's keys. */
export type Code = keyof typeof CODES;

/** The arguments a code's message template takes. */
export type MessageArgs<C extends Code> = Parameters<(typeof CODES)[C]["message"]>[0];

/** The code of a checker stage that threw. */
export const INTERNAL_ERROR = "PPL8001" satisfies Code;
