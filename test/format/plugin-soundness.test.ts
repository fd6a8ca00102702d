// The soundness check runs inside the Prettier plugin, so `prettier --write`
// and editors get it, not only `ppl fmt`: a printer that would change the
// program's meaning or drop a comment makes Prettier fail, naming the file.
// The printer is broken on purpose by wrapping its layout function.
import { doc, format, type Doc } from "prettier";
import { afterEach, describe, expect, it, vi } from "vitest";

const breakage = vi.hoisted(() => ({ current: undefined as ((printed: string) => string) | undefined }));

vi.mock("../../src/format/print-document.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/format/print-document.js")>();
  return {
    ...real,
    printDocument: (...args: Parameters<typeof real.printDocument>): Doc => {
      const layout = real.printDocument(...args);
      if (!breakage.current) return layout;
      const printed = doc.printer.printDocToString(layout, {
        printWidth: args[3],
        tabWidth: 2,
        useTabs: false,
      }).formatted;
      return breakage.current(printed);
    },
  };
});

const { default: plugin } = await import("../../src/format/plugin.js");
const { formatPpl, FormatterBugError } = await import("../../src/format/format-ppl.js");

const SOURCE =
  'program "P" { currency USD }\ninput partner_id: text key\ninput revenue: money\n' +
  "# doubled for the launch quarter\nkpi doubled = revenue * 2\n";

afterEach(() => {
  breakage.current = undefined;
});

describe("the Prettier plugin's soundness check", () => {
  it("lets a sound layout through", async () => {
    const formatted = await format(SOURCE, { parser: "ppl", plugins: [plugin], filepath: "rules/p.ppl" });
    expect(formatted).toContain("# doubled for the launch quarter\nkpi doubled = revenue * 2\n");
  });

  it("fails, naming the file, when the output would change the program's meaning", async () => {
    breakage.current = (printed) => printed.replace("revenue * 2", "revenue * 3");
    await expect(format(SOURCE, { parser: "ppl", plugins: [plugin], filepath: "rules/p.ppl" })).rejects.toThrow(
      "formatting rules/p.ppl would change it: the declarations differ",
    );
  });

  it("fails when the output would drop a comment", async () => {
    breakage.current = (printed) => printed.replace("# doubled for the launch quarter\n", "");
    await expect(format(SOURCE, { parser: "ppl", plugins: [plugin], filepath: "rules/p.ppl" })).rejects.toThrow(
      /formatting rules\/p\.ppl would change it: the comments differ \(.*doubled for the launch quarter\)/,
    );
  });

  it("fails when the output does not parse", async () => {
    breakage.current = (printed) => printed.replace("kpi doubled =", "kpi doubled");
    await expect(format(SOURCE, { parser: "ppl", plugins: [plugin], filepath: "rules/p.ppl" })).rejects.toThrow(
      /formatting rules\/p\.ppl produced text that does not parse: PPL1005/,
    );
  });

  it("is the same check ppl fmt relies on", async () => {
    breakage.current = (printed) => printed.replace("revenue * 2", "revenue * 3");
    await expect(formatPpl(SOURCE, "rules/p.ppl")).rejects.toBeInstanceOf(FormatterBugError);
  });
});
