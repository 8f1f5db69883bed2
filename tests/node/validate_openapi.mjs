// Validates the document printed by `crest openapi` with @apidevtools/swagger-parser
// (OpenAPI 3.1 schema validation plus $ref resolution).
import SwaggerParser from '@apidevtools/swagger-parser';
import { execFileSync } from 'node:child_process';

const [crestBinary] = process.argv.slice(2);
const document = JSON.parse(execFileSync(crestBinary, ['openapi'], { encoding: 'utf8' }));
const api = await SwaggerParser.validate(document);
const operations = Object.values(api.paths).flatMap((item) => Object.keys(item));
if (operations.length === 0) throw new Error('the document has no operations');
if (api.openapi !== '3.1.0') throw new Error(`expected OpenAPI 3.1.0, got ${api.openapi}`);
console.log(`OpenAPI ${api.openapi} valid: ${operations.length} operations`);
