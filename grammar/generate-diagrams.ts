// Writes grammar/syntax-diagrams.html (run with `npm run grammar`).
import { writeFileSync } from "node:fs";
import { syntaxDiagramsHtml } from "../src/syntax/syntax-diagrams.js";

writeFileSync(new URL("./syntax-diagrams.html", import.meta.url), syntaxDiagramsHtml());
console.log("wrote grammar/syntax-diagrams.html");
