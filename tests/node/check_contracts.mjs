// Validates real responses of a running crest with the compiled contracts package: the generated
// Zod schemas must accept what the server sends and refuse a broken copy of it.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startCrest } from './crest_server.mjs';

const [crestBinary, packageDir] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const contracts = require(join(packageDir, 'dist', 'index.js'));

const server = await startCrest(crestBinary);
try {
  const checks = [
    ['/api/v1/version', contracts.envelope(contracts.VersionView)],
    ['/health/live', contracts.envelope(contracts.LiveView)],
    ['/api/v1/does-not-exist', contracts.ErrorEnvelope],
  ];
  for (const [path, schema] of checks) {
    const body = await (await fetch(server.url(path))).json();
    const result = schema.safeParse(body);
    if (!result.success) throw new Error(`${path}: ${JSON.stringify(result.error.issues)}`);
  }
  const version = await (await fetch(server.url('/api/v1/version'))).json();
  const broken = { ...version, data: { ...version.data, environment: 'staging', extra: 1 } };
  if (contracts.envelope(contracts.VersionView).safeParse(broken).success) {
    throw new Error('a broken version payload passed the generated schema');
  }
  if (!contracts.routes.some((r) => r.path === '/api/v1/version' && r.response === 'VersionView')) {
    throw new Error('the route table misses GET /api/v1/version');
  }
  console.log('contracts accept real responses and refuse broken ones');
} finally {
  await server.stop();
}
