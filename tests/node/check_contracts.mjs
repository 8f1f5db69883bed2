// Validates real responses of a running crest with the compiled contracts package: the generated
// Zod schemas must accept what the server sends and refuse a broken copy of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCrest } from './crest_server.mjs';

const [crestBinary, packageDir] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const contracts = require(join(packageDir, 'dist', 'index.js'));

const dataDir = mkdtempSync(join(tmpdir(), 'crest-contracts-'));
const server = await startCrest(crestBinary, {
  CREST_DATA_DIR: dataDir, DATABASE_URL: `sqlite:${dataDir}/crest.db`, CREST_ARGON2_OPS: '1', CREST_ARGON2_MEMORY_KIB: '8192',
});

// Calls the API and checks the answer with a generated schema; returns the data.
async function checked(method, path, schema, body, token) {
  const response = await fetch(server.url(path), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  const result = schema.safeParse(json);
  if (!result.success) throw new Error(`${method} ${path}: ${JSON.stringify(result.error.issues)}`);
  return json.data;
}

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

  // The CRM, recorded end to end: every view the generated package declares for it.
  const c = contracts;
  const email = 'owner@example.com';
  const session = await checked('POST', '/api/v1/auth/register', c.envelope(c.SessionView),
    { email, password: 'correct horse', name: 'Owner', workspaceName: 'Acme' });
  const token = session.tokens.accessToken;
  await checked('GET', '/api/v1/me', c.envelope(c.MeView), null, token);
  await checked('GET', '/api/v1/members', c.pageEnvelope(c.MemberView), null, token);
  const company = await checked('POST', '/api/v1/companies', c.envelope(c.CompanyView),
    { name: 'Globex', domain: 'globex.com', industry: 'Finance', employeeRange: '51-200' }, token);
  const contact = await checked('POST', '/api/v1/contacts', c.envelope(c.ContactView),
    { firstName: 'Cy', lastName: 'Doe', email: 'cy@globex.com', companyId: company.id }, token);
  const deal = await checked('POST', '/api/v1/deals', c.envelope(c.DealView),
    { title: 'Pilot', companyId: company.id, contactId: contact.id, amountCents: 1230000 }, token);
  await checked('POST', `/api/v1/deals/${deal.id}/stage`, c.envelope(c.DealView), { stage: 'Won', reason: 'Signed' }, token);
  await checked('POST', '/api/v1/activities', c.envelope(c.ActivityView),
    { kind: 'Call', subject: 'Kick-off', companyId: company.id, contactId: contact.id }, token);
  await checked('GET', '/api/v1/companies', c.pageEnvelope(c.CompanyView), null, token);
  await checked('GET', `/api/v1/companies/${company.id}`, c.envelope(c.CompanyView), null, token);
  await checked('GET', '/api/v1/contacts', c.pageEnvelope(c.ContactView), null, token);
  await checked('GET', '/api/v1/deals', c.pageEnvelope(c.DealView), null, token);
  await checked('GET', '/api/v1/activities', c.pageEnvelope(c.ActivityView), null, token);
  await checked('GET', '/api/v1/pipeline', c.envelope(c.PipelineView), null, token);
  await checked('GET', '/api/v1/audit-logs', c.pageEnvelope(c.AuditEntryView), null, token);
  const timeline = await checked('GET', '/api/v1/activities/timeline?groupBy=owner', c.envelope(c.ActivityTimelineView), null, token);
  if (timeline.total < 1 || timeline.series[0].label !== 'Owner') {
    throw new Error(`unexpected activity timeline: ${JSON.stringify(timeline)}`);
  }
  const stats = await checked('GET', '/api/v1/audit-logs/stats?bucket=day&groupBy=actor', c.envelope(c.AuditStatsView), null, token);
  if (stats.buckets.length < 30 || stats.buckets.length > 31 || stats.series.some((s) => s.values.length !== stats.buckets.length)) {
    throw new Error(`unexpected audit stats: ${JSON.stringify(stats)}`);
  }
  const view = await checked('GET', `/api/v1/companies/${company.id}`, c.envelope(c.CompanyView), null, token);
  if (view.lastActivity.kind !== 'Call' || view.contactsCount !== 1) {
    throw new Error(`unexpected company view: ${JSON.stringify(view)}`);
  }
  console.log('contracts accept real responses and refuse broken ones');
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
