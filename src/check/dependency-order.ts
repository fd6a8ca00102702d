// Depth-first order over the "uses" graph of named values, with an explicit
// stack: a chain of a thousand KPIs written in reverse, or a cycle through
// all of them, must not overflow the call stack.

/**
 * `names` ordered so that each comes after the names it uses (post-order).
 * `usesOf` lists the names a name uses; names it returns that are not in
 * `names` are ignored. A use that closes a cycle is skipped, and `onCycle`
 * gets the cycle as found: the path from the repeated name back to it.
 */
export function dependencyOrder(
  names: Iterable<string>,
  usesOf: (name: string) => Iterable<string>,
  onCycle: (cycle: string[]) => void = () => {},
): string[] {
  const all = new Set(names);
  const state = new Map<string, "visiting" | "done">();
  const order: string[] = [];
  const path: string[] = [];
  const pending: Iterator<string>[] = [];
  const enter = (name: string) => {
    state.set(name, "visiting");
    path.push(name);
    pending.push(usesOf(name)[Symbol.iterator]());
  };
  for (const start of all) {
    if (state.has(start)) continue;
    enter(start);
    while (path.length > 0) {
      const step = pending[pending.length - 1]!.next();
      if (step.done) {
        const name = path.pop()!;
        pending.pop();
        state.set(name, "done");
        order.push(name);
        continue;
      }
      const next = step.value;
      if (!all.has(next)) continue;
      const seen = state.get(next);
      if (seen === "visiting") onCycle(path.slice(path.indexOf(next)));
      else if (seen === undefined) enter(next);
    }
  }
  return order;
}
