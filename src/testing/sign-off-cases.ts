// Sign-off cases: partners worked out by hand in a spreadsheet, one row each.
// Input columns are read and typed exactly as `ppl run` reads data (the same
// readers, the same typing, the same evaluator); `expect.` columns say what
// the partner must get. Values compare exactly: money at the currency's
// minor digits, KPIs and scores as the decimal written, never through floats.
import type { Artifact } from "../compile/artifact.js";
import type { ValueType } from "../compile/artifact-types.js";
import { SuggestionIndex } from "../diagnostics/suggestions.js";
import { evaluateRecord, programEvaluator, type PartnerEvaluator } from "../io/evaluate-records.js";
import type { RawField, RawRecord } from "../io/raw-record.js";
import { compileRecordValidator } from "../io/typed-record.js";
import { ExactSizeError } from "../number/exact-size.js";
import { formatDecimal, plainDecimalToNum } from "../number/exact-text.js";
import { compare, formatFixed, isNum, type Num } from "../number/rational.js";
import type { PartnerEvaluation } from "../runtime/partner.js";
import { REDACTED, type FieldError } from "../runtime/result-types.js";
import { isList, isMissing, isTier, type Value } from "../runtime/values.js";

/** The optional column that names a case. */
export const CASE_COLUMN = "case";
const EXPECT = "expect.";

/** What an `expect.` column checks. */
type Target =
  | { kind: "tier" }
  | { kind: "subtiers" }
  | { kind: "total" }
  | { kind: "incentive"; name: string }
  | { kind: "value"; name: string; type: ValueType };

/** One checked cell that did not match: the column, what was written, what the partner got. */
export interface CaseDifference {
  column: string;
  /** The cell as written ("[redacted]" for a confidential value). */
  expected: string;
  /** The partner's value ("differs" for a confidential value, which is never shown). */
  got: string;
}

export interface CaseOutcome {
  /** The `case` cell, or "row N". */
  name: string;
  /** 1-based record number in the cases file (CSV: not counting the header). */
  row: number;
  passed: boolean;
  /** Set when the inputs do not satisfy the program's input schema. */
  schemaErrors?: FieldError[];
  /** Set when the partner could not be evaluated (a value too large to compute exactly). */
  evaluationError?: string;
  /** Cells that cannot be an expectation of their column (not a number, not a tier, ...). */
  problems: string[];
  differences: CaseDifference[];
  /** The requirement labels that decided a tier or subtier difference. */
  reasons: string[];
}

export interface SignOffResult {
  /** Columns that are neither inputs nor known `expect.` names: the cases do not run. */
  columnErrors: string[];
  outcomes: CaseOutcome[];
}

/** The columns a cases file of this program may have, each with what it is. */
function columnTargets(artifact: Artifact): Map<string, Target> {
  const targets = new Map<string, Target>([
    [`${EXPECT}tier`, { kind: "tier" }],
    [`${EXPECT}subtiers`, { kind: "subtiers" }],
    [`${EXPECT}total`, { kind: "total" }],
  ]);
  for (const kpi of artifact.kpis) targets.set(EXPECT + kpi.name, { kind: "value", name: kpi.name, type: kpi.type });
  for (const scorecard of artifact.scorecards) {
    targets.set(EXPECT + scorecard.name, { kind: "value", name: scorecard.name, type: "number" });
  }
  for (const table of artifact.tables) {
    targets.set(EXPECT + table.name, { kind: "value", name: table.name, type: table.type });
  }
  for (const incentive of artifact.incentives) {
    targets.set(EXPECT + incentive.name, { kind: "incentive", name: incentive.name });
  }
  return targets;
}

/** Every column of the file, in first-seen order (JSON records may differ in their fields). */
function columnsOf(records: readonly RawRecord[]): string[] {
  const columns = new Set<string>();
  for (const record of records) for (const name of Object.keys(record.fields)) columns.add(name);
  return [...columns];
}

/** The column errors of a cases file: each unknown column, with the nearest valid name. */
export function unknownColumns(artifact: Artifact, columns: readonly string[]): string[] {
  const inputs = new Set(artifact.inputs.map((input) => input.name));
  const targets = columnTargets(artifact);
  const valid = [...inputs, CASE_COLUMN, ...targets.keys()];
  const index = new SuggestionIndex(valid);
  const errors: string[] = [];
  for (const column of columns) {
    if (inputs.has(column) || column === CASE_COLUMN || targets.has(column)) continue;
    const named = column.startsWith(EXPECT) ? column.slice(EXPECT.length) : undefined;
    if (named !== undefined && inputs.has(named)) {
      errors.push(
        `column "${column}": ${named} is an input, and inputs are given, not expected; ` +
          "expect tier, subtiers, total, a KPI, a scorecard, a table or an incentive",
      );
      continue;
    }
    const nearest = index.closest(column);
    errors.push(
      `unknown column "${column}": it is neither an input nor a known expect. name` +
        (nearest === undefined ? "" : `; did you mean "${nearest}"?`),
    );
  }
  return errors;
}

/** An expectation cell as text, list items, or undefined when it is empty (not checked). */
type Cell = { kind: "text"; text: string } | { kind: "list"; items: string[] };

function cellOf(field: RawField | undefined): Cell | undefined {
  if (field === undefined) return undefined;
  switch (field.kind) {
    case "cell": {
      const text = field.text.trim();
      return text === "" ? undefined : { kind: "text", text };
    }
    case "string": {
      const text = field.value.trim();
      return text === "" ? undefined : { kind: "text", text };
    }
    case "number":
      return { kind: "text", text: field.text };
    case "boolean":
      return { kind: "text", text: String(field.value) };
    case "array":
      return {
        kind: "list",
        items: field.items.map((item) => (item.kind === "string" ? item.value : item.kind === "cell" ? item.text : "")),
      };
    case "null":
      return undefined;
    case "object":
      return { kind: "text", text: "{…}" };
  }
}

const MISSING_CELL = "missing";

function isMissingCell(cell: Cell): boolean {
  return cell.kind === "text" && cell.text === MISSING_CELL;
}

function cellText(cell: Cell): string {
  return cell.kind === "text" ? cell.text : cell.items.join(";");
}

function listItems(cell: Cell): string[] {
  if (cell.kind === "list") return cell.items.map((item) => item.trim()).filter((item) => item !== "");
  return cell.text
    .split(";")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** A number as written in a cell: a plain decimal, or a percent (`48.5%`). */
function cellNumber(text: string): Num | undefined {
  if (text.endsWith("%")) return plainDecimalToNum(text.slice(0, -1).trim(), 2);
  return plainDecimalToNum(text);
}

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  yes: true,
  "1": true,
  false: false,
  no: false,
  "0": false,
};

/** A value as the failure table shows it: exact decimals (or "about"), names, `;`-joined lists. */
function shown(value: Value): string {
  if (isMissing(value)) return MISSING_CELL;
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (isNum(value)) {
    const { text, exact } = formatDecimal(value);
    return exact ? text : `about ${text}`;
  }
  if (isList(value)) return value.map(shown).join(";") || "none";
  if (isTier(value)) return value.name;
  return MISSING_CELL;
}

function decimals(text: string): number {
  const point = text.indexOf(".");
  return point === -1 ? 0 : text.length - point - 1;
}

interface CheckContext {
  artifact: Artifact;
  evaluation: PartnerEvaluation;
  differences: CaseDifference[];
  problems: string[];
  reasons: string[];
}

/** Checks money (an incentive, the total, a money value) at the currency's minor digits. */
function checkMoney(context: CheckContext, column: string, cell: Cell, got: Value, confidential: boolean): void {
  const { minorUnits, rounding, currency } = context.artifact.program;
  const gotText = isNum(got) ? formatFixed(got, minorUnits, rounding) : MISSING_CELL;
  if (isMissingCell(cell)) {
    if (!isMissing(got)) differ(context, column, cell, gotText, confidential);
    return;
  }
  const text = cellText(cell);
  const expected = cell.kind === "text" ? plainDecimalToNum(text) : undefined;
  if (expected === undefined) {
    const example = minorUnits === 0 ? "1250" : `1250.${"5".padEnd(minorUnits, "0")}`;
    context.problems.push(`${column}: ${confidential ? "the cell" : `"${text}"`} is not an amount (write ${example})`);
    return;
  }
  if (decimals(text) > minorUnits) {
    context.problems.push(
      `${column}: ${confidential ? "the amount" : text} has more decimals than ${currency} money (${minorUnits})`,
    );
    return;
  }
  if (!isNum(got) || formatFixed(expected, minorUnits, rounding) !== gotText) {
    differ(context, column, cell, gotText, confidential);
  }
}

function differ(context: CheckContext, column: string, cell: Cell, got: string, confidential: boolean): void {
  context.differences.push(
    confidential ? { column, expected: REDACTED, got: "differs" } : { column, expected: cellText(cell), got },
  );
}

function checkValue(context: CheckContext, column: string, cell: Cell, name: string, type: ValueType): void {
  const { evaluation } = context;
  const confidential = evaluation.isConfidential(name);
  const got = evaluation.scope.ref(name);
  if (type === "money") return checkMoney(context, column, cell, got, confidential);
  if (isMissingCell(cell)) {
    if (!isMissing(got)) differ(context, column, cell, shown(got), confidential);
    return;
  }
  const text = cellText(cell);
  const what = confidential ? "the cell" : `"${text}"`;
  let equal: boolean;
  switch (type) {
    case "number": {
      const expected = cell.kind === "text" ? cellNumber(text) : undefined;
      if (expected === undefined) {
        context.problems.push(`${column}: ${what} is not a number (write a decimal such as 0.485, or 48.5%)`);
        return;
      }
      equal = isNum(got) && compare(got, expected) === 0;
      break;
    }
    case "boolean": {
      const expected = BOOLEAN_WORDS[text.toLowerCase()];
      if (expected === undefined) {
        context.problems.push(`${column}: ${what} is not a boolean (write true or false)`);
        return;
      }
      equal = got === expected;
      break;
    }
    case "list": {
      const expected = new Set(listItems(cell));
      const items = isList(got) ? got.map(shown) : undefined;
      equal = items !== undefined && items.length === expected.size && items.every((item) => expected.has(item));
      break;
    }
    default:
      // text and tier values compare by their text, exactly.
      equal = !isMissing(got) && shown(got) === text;
  }
  if (!equal) differ(context, column, cell, shown(got), confidential);
}

function quotedLabels(labels: readonly string[]): string {
  return labels.map((label) => `"${label}"`).join(", ");
}

/** Why the partner's tier is not the expected one: the requirements that decided it. */
function tierReasons(context: CheckContext, expected: string | undefined): void {
  const { evaluation } = context;
  const results = evaluation.tierResults;
  const expectedResult = results.find((result) => result.tier.name === expected);
  const got = evaluation.tier;
  const expectedRank = expectedResult?.tier.rank ?? 0;
  const gotRank = got?.rank ?? 0;
  if (expectedResult !== undefined && expectedRank > gotRank) {
    const failed = expectedResult.requirements.filter((result) => !result.holds).map((r) => r.requirement.label);
    context.reasons.push(`${expectedResult.tier.name} not reached: ${quotedLabels(failed)} failed`);
  } else if (got !== undefined && gotRank > expectedRank) {
    const gotResult = results.find((result) => result.tier.name === got.name)!;
    // Inherited requirements are copies: the place they are written in tells them apart.
    const place = (source: { line: number; column: number }) => `${source.line}:${source.column}`;
    const below = new Set(expectedResult?.requirements.map((result) => place(result.requirement.source)) ?? []);
    const deciding = gotResult.requirements.filter((result) => !below.has(place(result.requirement.source)));
    context.reasons.push(
      `${got.name} reached: ${quotedLabels(deciding.map((result) => result.requirement.label))} hold`,
    );
  }
}

function subtierReasons(context: CheckContext, expected: ReadonlySet<string>): void {
  for (const result of context.evaluation.subtierResults) {
    const name = result.subtier.name;
    if (expected.has(name) && !result.reached) {
      if (!result.eligible) {
        context.reasons.push(`${name} not reached: it needs tier ${result.subtier.parent} or above`);
      } else {
        const failed = result.requirements.filter((r) => !r.holds).map((r) => r.requirement.label);
        context.reasons.push(`${name} not reached: ${quotedLabels(failed)} failed`);
      }
    } else if (!expected.has(name) && result.reached) {
      context.reasons.push(
        `${name} reached: ${quotedLabels(result.requirements.map((r) => r.requirement.label))} hold`,
      );
    }
  }
}

function checkTier(context: CheckContext, column: string, cell: Cell): void {
  const { artifact, evaluation } = context;
  const gotText = evaluation.tier?.name ?? MISSING_CELL;
  const text = cellText(cell);
  if (isMissingCell(cell)) {
    if (evaluation.tier !== undefined) {
      differ(context, column, cell, gotText, false);
      tierReasons(context, undefined);
    }
    return;
  }
  const names = artifact.tiers.map((tier) => tier.name);
  if (!names.includes(text)) {
    const nearest = new SuggestionIndex(names).closest(text);
    context.problems.push(
      `${column}: "${text}" is not a tier of the program` +
        (nearest === undefined ? ` (tiers: ${names.join(", ")}; missing for none)` : `; did you mean "${nearest}"?`),
    );
    return;
  }
  if (gotText !== text) {
    differ(context, column, cell, gotText, false);
    tierReasons(context, text);
  }
}

function checkSubtiers(context: CheckContext, column: string, cell: Cell): void {
  const { artifact, evaluation } = context;
  const names = artifact.subtiers.map((subtier) => subtier.name);
  // `missing` expects no subtier at all: a list is never missing, only empty.
  const items = isMissingCell(cell) ? [] : listItems(cell);
  const index = new SuggestionIndex(names);
  let valid = true;
  for (const item of items) {
    if (names.includes(item)) continue;
    valid = false;
    const nearest = index.closest(item);
    context.problems.push(
      `${column}: "${item}" is not a subtier of the program` +
        (nearest === undefined ? "" : `; did you mean "${nearest}"?`),
    );
  }
  if (!valid) return;
  const expected = new Set(items);
  const got = evaluation.subtiers;
  if (got.length !== expected.size || !got.every((name) => expected.has(name))) {
    differ(context, column, cell, got.join(";") || "none", false);
    subtierReasons(context, expected);
  }
}

function checkCase(context: CheckContext, record: RawRecord, targets: Map<string, Target>): void {
  for (const [column, field] of Object.entries(record.fields)) {
    const target = targets.get(column);
    const cell = target === undefined ? undefined : cellOf(field);
    if (target === undefined || cell === undefined) continue;
    switch (target.kind) {
      case "tier":
        checkTier(context, column, cell);
        break;
      case "subtiers":
        checkSubtiers(context, column, cell);
        break;
      case "total":
        checkMoney(context, column, cell, context.evaluation.total, false);
        break;
      case "incentive":
        checkMoney(context, column, cell, context.evaluation.scope.ref(target.name), false);
        break;
      case "value":
        checkValue(context, column, cell, target.name, target.type);
    }
  }
}

function caseName(record: RawRecord, inputs: ReadonlySet<string>): string {
  // An input named `case` is an input, not the case's name.
  if (inputs.has(CASE_COLUMN)) return `row ${record.row}`;
  const cell = cellOf(record.fields[CASE_COLUMN]);
  return cell === undefined ? `row ${record.row}` : cellText(cell);
}

/**
 * Runs every case of a cases file (its records, as readRecords gives them)
 * against the program. Unknown columns stop the file before any case runs.
 */
export function runSignOffCases(
  artifact: Artifact,
  records: readonly RawRecord[],
  evaluator: PartnerEvaluator = programEvaluator(artifact),
): SignOffResult {
  const columnErrors = unknownColumns(artifact, columnsOf(records));
  if (columnErrors.length > 0) return { columnErrors, outcomes: [] };
  const targets = columnTargets(artifact);
  const inputs = new Set(artifact.inputs.map((input) => input.name));
  const validator = compileRecordValidator(artifact.inputs, artifact.program.name, artifact.program.minorUnits);
  const outcomes = records.map((record): CaseOutcome => {
    const base = { name: caseName(record, inputs), row: record.row, problems: [], differences: [], reasons: [] };
    const evaluated = evaluateRecord(artifact, record, validator, evaluator);
    if (evaluated instanceof Promise) throw new Error("sign-off cases need a synchronous evaluator");
    const { result, evaluation, failure } = evaluated;
    if (failure !== undefined || result.status === "invalid" || evaluation === undefined) {
      const errors = result.status === "invalid" ? result.errors : [];
      if (failure !== undefined && !(failure instanceof ExactSizeError)) throw failure;
      return failure !== undefined
        ? { ...base, passed: false, evaluationError: errors[0]?.message ?? String(failure) }
        : { ...base, passed: false, schemaErrors: errors };
    }
    const context: CheckContext = { artifact, evaluation, differences: [], problems: [], reasons: [] };
    try {
      checkCase(context, record, targets);
    } catch (error) {
      if (!(error instanceof ExactSizeError)) throw error;
      return { ...base, passed: false, evaluationError: error.message };
    }
    const { differences, problems, reasons } = context;
    return { ...base, passed: differences.length === 0 && problems.length === 0, differences, problems, reasons };
  });
  return { columnErrors: [], outcomes };
}

/** A failing case as a compact table (column, expected, got), then its problems and deciding requirements. */
export function describeCaseFailure(outcome: CaseOutcome, indent = "      "): string[] {
  const lines: string[] = [];
  for (const error of outcome.schemaErrors ?? []) {
    lines.push(`${indent}inputs do not satisfy the input schema: ${error.field ?? "record"}: ${error.message}`);
  }
  if (outcome.evaluationError !== undefined) lines.push(`${indent}could not be evaluated: ${outcome.evaluationError}`);
  for (const problem of outcome.problems) lines.push(`${indent}${problem}`);
  if (outcome.differences.length > 0) {
    const rows = [{ column: "column", expected: "expected", got: "got" }, ...outcome.differences];
    const width = (key: "column" | "expected") => Math.max(...rows.map((row) => row[key].length));
    const columnWidth = width("column");
    const expectedWidth = width("expected");
    for (const row of rows) {
      lines.push(`${indent}${row.column.padEnd(columnWidth)}  ${row.expected.padEnd(expectedWidth)}  ${row.got}`);
    }
  }
  for (const reason of outcome.reasons) lines.push(`${indent}${reason}`);
  return lines;
}
