// What formatting must not change: the AST with source ranges left out, and
// which declaration each comment belongs to. The formatter checks its own
// output against this before it is used.
import type { Comment, Program } from "../ast/nodes.js";

const POSITION_KEYS = new Set(["range", "calleeRange", "givenRange"]);

/** A copy of an AST value without its source positions. */
export function withoutRanges(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRanges);
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!POSITION_KEYS.has(key) && inner !== undefined) copy[key] = withoutRanges(inner);
  }
  return copy;
}

/**
 * Each comment as "OWNER TEXT", sorted, where OWNER is the index of the
 * declaration (program header included) that holds the comment, that it ends
 * the line of, or that it comes before; "end" after the last one.
 */
export function commentOwners(program: Program): string[] {
  const declarations = [...(program.header ? [program.header] : []), ...program.declarations].sort(
    (a, b) => a.range.start.offset - b.range.start.offset,
  );
  const ownerOf = (c: Comment): string => {
    const at = c.range.start.offset;
    const holder = declarations.findIndex((d) => d.range.start.offset <= at && at < d.range.end.offset);
    if (holder >= 0) return String(holder);
    const ended = declarations.filter((d) => d.range.end.offset <= at).pop();
    if (ended && ended.range.end.line === c.range.start.line) return String(declarations.indexOf(ended));
    const after = declarations.findIndex((d) => d.range.start.offset > at);
    return after >= 0 ? String(after) : "end";
  };
  return program.comments.map((c) => `${ownerOf(c)} ${c.text.trimEnd()}`).sort();
}

/** Why two parses of a file differ in meaning, or undefined when they do not. */
export function meaningDifference(before: Program, after: Program): string | undefined {
  const a = { header: withoutRanges(before.header), declarations: withoutRanges(before.declarations) };
  const b = { header: withoutRanges(after.header), declarations: withoutRanges(after.declarations) };
  if (JSON.stringify(a) !== JSON.stringify(b)) return "the declarations differ";
  const ca = commentOwners(before);
  const cb = commentOwners(after);
  if (JSON.stringify(ca) !== JSON.stringify(cb)) {
    const lost = ca.find((c) => !cb.includes(c)) ?? cb.find((c) => !ca.includes(c));
    return `the comments differ (${lost})`;
  }
  return undefined;
}
