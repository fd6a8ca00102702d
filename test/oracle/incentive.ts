// The oracle's incentive payouts (spec 3.7): 0 unless `when` holds; otherwise the exact
// amount, capped, floored at 0, then rounded to the currency's minor unit.

import type { IncentiveSpec, ProgramInfo } from "../../src/compile/artifact-types.js";
import * as exact from "./exact.js";
import type { IncentiveResult, Scope } from "../../src/runtime/partner.js";
import { asBoolean, isNum, isMissing } from "../../src/runtime/values.js";
import { evaluate, referencedNames } from "./evaluate.js";

/**
 * Pays one incentive. `isConfidential` keeps confidential names out of the
 * reason for a missing amount (their absence is part of their value).
 */
export function payIncentive(
  spec: IncentiveSpec,
  program: ProgramInfo,
  scope: Scope,
  isConfidential: (name: string) => boolean = () => false,
): IncentiveResult {
  const notPaid = { name: spec.name, capped: false, floored: false, paid: exact.ZERO };
  if (spec.when !== undefined && !asBoolean(evaluate(spec.when, scope))) {
    return { ...notPaid, outcome: "not_eligible", amount: undefined, reason: "its `when` condition does not hold" };
  }
  const amount = evaluate(spec.amount, scope);
  if (!isNum(amount)) {
    return { ...notPaid, outcome: "missing_amount", amount, reason: missingAmountReason(spec, scope, isConfidential) };
  }
  let payable = amount;
  let capped = false;
  if (spec.cap !== undefined) {
    const cap = exact.exactConstant(spec.cap);
    if (exact.compare(payable, cap) > 0) {
      payable = cap;
      capped = true;
    }
  }
  const floored = exact.compare(payable, exact.ZERO) < 0;
  if (floored) payable = exact.ZERO;
  const paid = exact.round(payable, program.minorUnits, program.rounding);
  const reasons = [
    capped ? `the amount is capped at ${exact.formatFixed(payable, program.minorUnits)}` : undefined,
    floored ? "the amount is negative, so 0 is paid" : undefined,
  ].filter((text): text is string => text !== undefined);
  return {
    name: spec.name,
    outcome: "paid",
    amount,
    capped,
    floored,
    paid,
    reason: reasons.length > 0 ? reasons.join("; ") : "the amount is paid as computed",
  };
}

function missingAmountReason(spec: IncentiveSpec, scope: Scope, isConfidential: (name: string) => boolean): string {
  const missing = referencedNames(spec.amount).filter((name) => isMissing(scope.ref(name)));
  const shown = missing.filter((name) => !isConfidential(name));
  if (shown.length > 0)
    return `the amount is missing because ${shown.join(", ")} ${shown.length > 1 ? "are" : "is"} missing, so 0 is paid`;
  if (missing.length > 0) return "the amount is missing because a confidential value is missing, so 0 is paid";
  return "the amount is missing (a division by zero or a table with no matching row), so 0 is paid";
}
