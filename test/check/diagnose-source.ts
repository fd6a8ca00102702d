// Test support: diagnostics of source text through the real front end
// (src/check/check-source.ts: parse, then check).
import { checkSource } from "../../src/check/check-source.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

export function diagnoseSource(text: string, file = "test.ppl"): Diagnostic[] {
  return checkSource(text, file).diagnostics;
}

/** Diagnostics of `body` placed after a valid header and key input. */
export function diagnoseBody(body: string): Diagnostic[] {
  return diagnoseSource(`program "T" { currency USD }\ninput partner_id: text key\n${body}`);
}

/** The codes of `body`'s diagnostics, in order. */
export function codesOf(body: string): string[] {
  return diagnoseBody(body).map((d) => d.code);
}

/** Errors only: for tests whose programs leave inputs unused on purpose. */
export function errorsOf(body: string): Diagnostic[] {
  return diagnoseBody(body).filter((d) => d.severity === "error");
}
