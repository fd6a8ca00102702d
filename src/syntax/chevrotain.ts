// Chevrotain, loaded from the single-file build its package ships. The
// package's entry (lib/src/api.js) is about a hundred ES modules plus several
// hundred of lodash-es: loading them took 280 ms of every `ppl check` on a
// 2-core machine; lib/chevrotain.mjs, the same release built into one file,
// loads in 13 ms. The package's exports map does not list that file, so it is
// found next to the entry. Every value import of Chevrotain goes through this
// module (types may still come from "chevrotain"), so there is one copy of its
// classes; test/syntax/chevrotain.test.ts checks the bundle's version.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type * as Chevrotain from "chevrotain";

const entry = createRequire(import.meta.url).resolve("chevrotain");
const bundle = (await import(new URL("../chevrotain.mjs", pathToFileURL(entry)).href)) as typeof Chevrotain;

export const CstParser: typeof Chevrotain.CstParser = bundle.CstParser;
export const Lexer: typeof Chevrotain.Lexer = bundle.Lexer;
export const createToken: typeof Chevrotain.createToken = bundle.createToken;
export const createSyntaxDiagramsCode: typeof Chevrotain.createSyntaxDiagramsCode = bundle.createSyntaxDiagramsCode;
export const VERSION: string = bundle.VERSION;
