// A program with a confidential input of every type, for tests that look for
// leaked values: each confidential cell holds a marker that must appear in no output.

export const CONFIDENTIAL_PROGRAM = `program "Leak check" {
  currency JPY
}

input partner_id: text key
input revenue: money min 0
input s_number: number min 0 max 100 confidential
input s_integer: integer min 0 max 100 confidential
input s_money: money min 0 max 100 confidential
input s_percent: percent min 0 max 1 confidential
input s_boolean: boolean confidential
input s_one: one of "A", "B" confidential
input s_list: list of "A", "B" confidential
input s_text: text confidential

kpi secret_sum = revenue + s_number + s_integer + s_money + s_percent

tier Member {
  require revenue >= 10
  require s_boolean
  require s_one = "A"
  require "A" in s_list
  require s_text != "none"
}
`;

export const CONFIDENTIAL_INPUTS = [
  "s_number",
  "s_integer",
  "s_money",
  "s_percent",
  "s_boolean",
  "s_one",
  "s_list",
  "s_text",
] as const;

export type ConfidentialInput = (typeof CONFIDENTIAL_INPUTS)[number];

export const NUMERIC_INPUTS: readonly ConfidentialInput[] = ["s_number", "s_integer", "s_money", "s_percent"];

/** The header of a CSV file for the program, with an undeclared column at the end. */
export const CSV_COLUMNS = ["partner_id", "revenue", ...CONFIDENTIAL_INPUTS, "note"];

/** A valid record's values as CSV cells. */
export function validCells(partner: string): Record<string, string> {
  return {
    partner_id: partner,
    revenue: "100",
    s_number: "5",
    s_integer: "7",
    s_money: "3",
    s_percent: "0.5",
    s_boolean: "yes",
    s_one: "A",
    s_list: "A;B",
    s_text: "plain",
    note: "n",
  };
}
