// GET /me's rules, loaded into @casl/ability, answer a table of (action, subject, resource, field)
// cases exactly as crest's own ability check does, for every role.
// Usage: node casl_abilities.mjs <crest binary> <crest_ability_cases binary>
import { createMongoAbility, subject as asSubject } from '@casl/ability';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCrest } from './crest_server.mjs';

const [crest, casesBinary] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'crest-casl-'));
const database = join(dir, 'crest.db');
const server = await startCrest(crest, {
  DATABASE_URL: `sqlite:${database}`, CREST_DATA_DIR: dir,
  CREST_ARGON2_OPS: '1', CREST_ARGON2_MEMORY_KIB: '8192',
});
let failures = 0;
try {
  const call = async (method, path, body, token) => {
    const response = await fetch(server.url(path), {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json.data;
  };
  const owner = await call('POST', '/api/v1/auth/register',
    { email: 'owner@example.com', password: 'correct horse', name: 'Owner', workspaceName: 'Acme' });
  const tokens = { Owner: owner.tokens.accessToken };
  for (const role of ['Admin', 'Operator', 'Pipeline', 'Viewer']) {
    const email = `${role.toLowerCase()}@example.com`;
    await call('POST', '/api/v1/invitations', { email, role }, tokens.Owner);
    const payload = execFileSync('sqlite3', [database,
      `SELECT payload FROM jobs WHERE name = 'mail.send' AND payload LIKE '%"to":"${email}"%'`]).toString();
    // The link waits sealed in the mail job; the cases helper opens it with the server's secret.
    const link = execFileSync(casesBinary, ['--unseal', join(dir, 'jwt-secret')],
      { input: JSON.parse(payload).acceptUrl }).toString().trim();
    const token = new URL(link).hash.replace(/^#token=/, '');
    const joined = await call('POST', '/api/v1/invitations/accept', { token, name: role, password: 'correct horse' });
    tokens[role] = joined.tokens.accessToken;
  }

  const subjects = ['User', 'Session', 'Workspace', 'Member', 'Invitation', 'Company', 'Contact', 'Deal',
    'Activity', 'Pipeline', 'AuditLog', 'Job', 'File'];
  const actions = ['Manage', 'Create', 'Read', 'Update', 'Delete'];
  const fields = [undefined, 'name', 'plan', 'stage', 'secret'];
  for (const [role, token] of Object.entries(tokens)) {
    const me = await call('GET', '/api/v1/me', null, token);
    const rules = me.abilities;
    const resources = [undefined, { ownerId: me.user.id }, { ownerId: 'someone-else' }, { id: me.user.id },
      { id: 'someone-else', ownerId: me.user.id, stage: 'New' }];
    const cases = [];
    for (const subject of subjects)
      for (const action of actions)
        for (const resource of resources)
          for (const field of resource ? fields : [undefined])
            cases.push({ action, subject, ...(resource ? { resource } : {}), ...(field ? { field } : {}) });

    const ability = createMongoAbility(rules, { anyAction: 'Manage', anySubjectType: 'all' });
    const casl = cases.map((c) => ability.can(c.action, c.resource ? asSubject(c.subject, { ...c.resource }) : c.subject, c.field));
    const ours = JSON.parse(execFileSync(casesBinary, { input: JSON.stringify({ rules, cases }) }).toString());
    cases.forEach((c, i) => {
      if (casl[i] !== ours[i]) {
        failures += 1;
        if (failures <= 20) console.error(`${role}: ${JSON.stringify(c)}: casl=${casl[i]} crest=${ours[i]}`);
      }
    });
    console.log(`${role}: ${cases.length} cases, ${rules.length} rules`);
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
if (failures) {
  console.error(`${failures} case(s) differ between @casl/ability and crest`);
  process.exit(1);
}
