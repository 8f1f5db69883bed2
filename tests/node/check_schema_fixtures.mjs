// Compares Zod's verdicts (generated TypeScript, compiled by tsc) with the C++ verdicts recorded
// in cases.json: same acceptance, and for refusals the same set of (path, code) issues.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const schemas = require(join(dir, 'dist', 'index.js'));
const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));

const formatPath = (path) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
const issueSet = (issues) => [...new Set(issues.map((i) => `${i.path} ${i.code}`))].sort();

let failures = 0;
for (const c of cases) {
  const result = schemas[c.schema].safeParse(c.input);
  const zodIssues = result.success ? [] : issueSet(result.error.issues.map((i) => ({ path: formatPath(i.path), code: i.code })));
  const cppIssues = issueSet(c.issues);
  if (result.success !== c.ok || JSON.stringify(zodIssues) !== JSON.stringify(cppIssues)) {
    failures++;
    console.error(`MISMATCH ${c.schema} ${JSON.stringify(c.input)}\n  C++: ${c.ok} ${cppIssues}\n  zod: ${result.success} ${zodIssues}`);
  }
}
console.log(`${cases.length - failures} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
