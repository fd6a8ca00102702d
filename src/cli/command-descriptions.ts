// What each command does, in one line: `ppl --help` lists them without
// loading the commands, and each command's own --help shows the same line.
export const DESCRIPTIONS = {
  check: "parse and check .ppl files; report every error and warning",
  test: "run the test blocks and sign-off cases of .ppl files and report each failure with its values; NAME.cases.csv (or .json, .ndjson) beside NAME.ppl is run too",
  fmt: "format .ppl files in place in the canonical layout (the same Prettier plugin `prettier --write` uses)",
  compile: "check .ppl files, then write one artifact per program (NAME.rules.json)",
  run: "evaluate partner records (CSV, JSON or NDJSON) and write one result per record, in input order",
  explain:
    "explain one partner in words: its tier and why, what the next tier and subtiers need, each scorecard line, each incentive's formula with numbers",
  impact: "compare two versions of a program on partner data: tier moves, subtiers, money, top movers",
  report: "write one self-contained HTML report of a data file: tiers, money, scorecards, KPIs and near misses",
  statements:
    "write one HTML statement per partner: tier and benefits, what the next tier needs, scorecards, incentives, total",
  schema: "print the JSON Schema (draft 2020-12) of the program's partner data",
  lsp: "run the PPL language server on stdin/stdout (for editors: the VS Code extension starts it)",
} as const;

export type CommandName = keyof typeof DESCRIPTIONS;

/** The command named on the command line (`ppl NAME ...` or `ppl help NAME`), if it is one of them. */
export function requestedCommand(argv: readonly string[]): CommandName | undefined {
  const first = argv[2] === "help" ? argv[3] : argv[2];
  return first !== undefined && Object.hasOwn(DESCRIPTIONS, first) ? (first as CommandName) : undefined;
}
