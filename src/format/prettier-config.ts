// The Prettier configuration `ppl fmt` and the language server both follow
// for a file, so the editor and the command line format it byte for byte alike.
import { resolveConfig } from "prettier";

/** The `printWidth` of the Prettier config found for `file`, or undefined for the canonical width. */
export async function configuredPrintWidth(file: string): Promise<number | undefined> {
  try {
    const config = await resolveConfig(file, { editorconfig: true });
    return typeof config?.printWidth === "number" ? config.printWidth : undefined;
  } catch {
    // A broken Prettier config is Prettier's to report; the canonical width still applies.
    return undefined;
  }
}
