// The peer figures for bench/queue: BullMQ (the npm client) measured the way crest_queue_bench
// measures crest, with a no-op processor.
//   node bullmq_bench.mjs redis|postgres URL [JOBS]
// redis: a redis:// URL (a fresh queue name per run). postgres: a postgres:// URL of a fresh
// database (BullMQ's schema is migrated here, as crest_queue_bench migrates its own).
// Prints one markdown row: queue.add one at a time with 16 in flight (min(JOBS, 20000) jobs),
// queue.addBulk of 500 (JOBS jobs), the whole backlog processed by one Worker at concurrency 50
// (timed from the worker's construction to the last completion), and add-to-start latency with the
// worker idle (500 single adds every 5 ms from a second Queue, i.e. another connection).
// Jobs are added with removeOnComplete: true so finished jobs do not pile up in the store.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Queue, Worker, createPostgresBackend, runMigrations } from 'bullmq';

const [kind, url, jobsArg] = process.argv.slice(2);
if ((kind !== 'redis' && kind !== 'postgres') || !url) {
  console.error('usage: node bullmq_bench.mjs redis|postgres URL [JOBS]');
  process.exit(2);
}
const jobs = jobsArg ? Number.parseInt(jobsArg, 10) : 100_000;
const { version } = createRequire(import.meta.url)('bullmq/package.json');
const engine = `BullMQ ${version} on ${kind === 'redis' ? 'Redis' : 'PostgreSQL'}`;

// Redis: BullMQ builds (and closes) its own ioredis clients from { url }. PostgreSQL: BullMQ
// builds (and closes) a pg.Pool per Queue/Worker from the connection string, pg's default size
// (10, as crest's pool), plus one LISTEN connection per Worker.
const connection = kind === 'redis' ? { url } : url;
const backend = kind === 'postgres' ? createPostgresBackend : undefined;
const name = `bench-${process.pid}-${Date.now()}`;
const options = { connection, defaultJobOptions: { removeOnComplete: true, removeOnFail: true } };
const seconds_since = start => (performance.now() - start) / 1000;

if (kind === 'postgres') {
  // Connections never migrate on their own (docs: guide/postgresql, "Migrations").
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await runMigrations(client);
  } finally {
    await client.end();
  }
}

const queue = new Queue(name, options, backend);
await queue.waitUntilReady();
const out = { one_by_one: 0, bulk: 0, processed: 0, p50: 0, p99: 0 };

// One at a time, 16 in flight.
const one_by_one = Math.min(jobs, 20_000);
{
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < one_by_one) {
      ++next;
      await queue.add('bench.noop', {});
    }
  }));
  out.one_by_one = one_by_one / seconds_since(start);
}
// In bulk: 500 per addBulk.
{
  const start = performance.now();
  for (let written = 0; written < jobs;) {
    const batch = Math.min(500, jobs - written);
    await queue.addBulk(Array.from({ length: batch }, () => ({ name: 'bench.noop', data: {} })));
    written += batch;
  }
  out.bulk = jobs / seconds_since(start);
}

// Processing the backlog at concurrency 50, then add-to-start latency with the worker idle.
const total = one_by_one + jobs;
const added_at = new Map();    // latency run: job id -> add() resolved
const started_at = new Map();  // latency run: job id -> processor start
let completed = 0;
let wake = null;  // resolves when `completed` reaches `target`
let target = total;
const reached = goal => new Promise(resolve => {
  target = goal;
  wake = completed >= goal ? (resolve(), null) : resolve;
});
const backlog_done = reached(total);
const start = performance.now();
const worker = new Worker(name, async job => {
  if (completed >= total) started_at.set(job.id, performance.now());
  return null;
}, { connection, concurrency: 50 }, backend);
worker.on('completed', () => {
  if (++completed >= target && wake) {
    wake();
    wake = null;
  }
});
worker.on('failed', (job, error) => console.error(`job ${job?.id} failed: ${error}`));
await backlog_done;
out.processed = total / seconds_since(start);

const producer = new Queue(name, options, backend);
await producer.waitUntilReady();
const latency_done = reached(total + 500);
for (let i = 0; i < 500; ++i) {
  await sleep(5);
  const job = await producer.add('bench.noop', {});
  added_at.set(job.id, performance.now());
}
await latency_done;
const latencies = [...added_at].map(([id, at]) => started_at.get(id) - at).sort((a, b) => a - b);
const early = latencies.filter(ms => ms < 0).length;
if (early > 0) console.error(`${early} of 500 jobs started before their add() resolved (negative latency kept)`);
if (latencies.length > 0) {
  out.p50 = latencies[Math.floor(latencies.length / 2)];
  out.p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 99 / 100))];
}

await worker.close();
await producer.close();
await queue.close();

console.log(`| ${engine} | ${out.one_by_one.toFixed(0)} | ${out.bulk.toFixed(0)} | ${out.processed.toFixed(0)} | ` +
            `${out.p50.toFixed(2)} | ${out.p99.toFixed(2)} |`);
