// crest's BullMQ queue against the real npm bullmq (the version cmake/BullMQ.cmake pins), both
// ways. The jobs crest adds with BullMQ's own addStandardJob script are taken and completed by a
// Node `Worker`, with their names, data, ids and attempts as crest set them, and Node's `Queue`
// counts them completed. The jobs Node's `Queue.add` adds are taken by crest (moveToActive) and
// completed (moveToFinished) after a progress report and a lock extension, and Node's `Job`
// shows them completed with crest's return value and progress;
// one crest fails is retried once after its backoff (moveToDelayed), then failed, with crest's
// reason and 2 attempts.
// Skipped (77) without CREST_TEST_REDIS_URL.
//   node bullmq_interop.mjs PATH_TO_crest_bullmq_probe
import { execFileSync } from 'node:child_process';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';

const redisUrl = process.env.CREST_TEST_REDIS_URL;
if (!redisUrl) {
  console.log('CREST_TEST_REDIS_URL is not set (./scripts/test sets it)');
  process.exit(77);
}
const probe = process.argv[2];
const queueName = `crest-interop-${process.pid}-${Date.now()}`;
const url = new URL(redisUrl);
const connection = { host: url.hostname, port: Number(url.port || 6379), db: Number((url.pathname || '/0').slice(1) || 0) };

const fail = (message) => {
  console.error(message);
  process.exit(1);
};
const timer = setTimeout(() => fail('timed out waiting for the jobs'), 60_000);

const count = 5;
const produced = JSON.parse(execFileSync(probe, [redisUrl, queueName, String(count)], { encoding: 'utf8' }));
if (produced.version !== '6.7.0') fail(`crest pins bullmq ${produced.version}`);
if (produced.loaded < 50) fail(`only ${produced.loaded} scripts loaded`);
if (produced.ids.length !== count + 1 || produced.ids[count] !== 'crest-custom') fail(`ids: ${produced.ids}`);

const seen = [];
const worker = new Worker(
  queueName,
  async (job) => {
    seen.push({ id: job.id, name: job.name, data: job.data, attempts: job.opts.attempts, made: job.attemptsMade });
    return { doubled: job.data.n * 2 };
  },
  { connection, concurrency: 2 },
);
await new Promise((resolve) => {
  worker.on('completed', () => {
    if (seen.length === count + 1) resolve();
  });
});
await worker.close();

const queue = new Queue(queueName, { connection });
const counts = await queue.getJobCounts('completed', 'waiting', 'failed');
const custom = await queue.getJob('crest-custom');
await queue.obliterate({ force: true });
await queue.close();

const problems = [];
for (let i = 0; i < count; i++) {
  const job = seen.find((s) => s.id === produced.ids[i]);
  if (!job) problems.push(`job ${produced.ids[i]} was not processed`);
  else if (job.name !== 'greet' || job.data.n !== i || job.attempts !== 2) problems.push(`job ${i}: ${JSON.stringify(job)}`);
}
if (!seen.find((s) => s.id === 'crest-custom' && s.data.n === -1)) problems.push('the custom id was not kept');
if (counts.completed !== count + 1 || counts.waiting !== 0 || counts.failed !== 0) problems.push(`counts: ${JSON.stringify(counts)}`);
if (!custom || custom.returnvalue?.doubled !== -2) problems.push(`Node's Job of crest-custom: ${JSON.stringify(custom?.returnvalue)}`);
if (problems.length) fail(problems.join('\n'));
console.log(`${seen.length} jobs added by crest were processed by bullmq ${produced.version}'s Worker`);

// The other way: Node adds, crest works.
const nodeQueueName = `${queueName}-from-node`;
const nodeQueue = new Queue(nodeQueueName, { connection });
const added = [];
for (let n = 10; n < 13; n++) added.push(await nodeQueue.add('square', { n }, { attempts: 3 }));
const consumed = JSON.parse(execFileSync(probe, [redisUrl, nodeQueueName, '--consume', String(added.length)], { encoding: 'utf8' }));
for (const job of added) {
  const taken = consumed.taken.find((t) => t.id === job.id);
  if (!taken) problems.push(`crest did not take Node's job ${job.id}`);
  else if (taken.name !== 'square' || taken.data.n !== job.data.n || taken.attempts !== 3) problems.push(`crest saw ${JSON.stringify(taken)}`);
  const after = await nodeQueue.getJob(job.id);
  const state = await after.getState();
  if (state !== 'completed') problems.push(`Node's job ${job.id} is ${state}`);
  if (after.returnvalue?.doubled !== 2 * job.data.n || after.returnvalue?.by !== 'crest') problems.push(`return value ${JSON.stringify(after.returnvalue)}`);
  if (!after.finishedOn) problems.push(`job ${job.id} has no finishedOn`);
  if (after.progress?.done !== 1 || after.progress?.of !== 2) problems.push(`progress ${JSON.stringify(after.progress)}`);
}
const nodeCounts = await nodeQueue.getJobCounts('completed', 'active', 'waiting');
if (nodeCounts.completed !== added.length || nodeCounts.active !== 0 || nodeCounts.waiting !== 0) problems.push(`counts: ${JSON.stringify(nodeCounts)}`);
await nodeQueue.obliterate({ force: true });
await nodeQueue.close();

// A job crest fails: retried while attempts remain, then failed, with crest's reason, in Node.
const failingQueueName = `${queueName}-failing`;
const failingQueue = new Queue(failingQueueName, { connection });
const doomed = await failingQueue.add('doomed', { n: 1 }, { attempts: 2, backoff: { type: 'fixed', delay: 300 } });
const failures = JSON.parse(execFileSync(probe, [redisUrl, failingQueueName, '--fail', '2'], { encoding: 'utf8' }));
const eventsReader = new IORedis(redisUrl);
const delayedEvents = eventsReader.xrange(`bull:${failingQueueName}:events`, '-', '+');
if (failures.taken.length !== 2 || failures.taken.some((t) => t.id !== doomed.id)) problems.push(`crest took ${JSON.stringify(failures.taken)}`);
else if (failures.taken[0].attemptsMade !== 0 || failures.taken[1].attemptsMade !== 1) problems.push(`attempts seen by crest: ${JSON.stringify(failures.taken)}`);
const failed = await failingQueue.getJob(doomed.id);
const failedState = await failed.getState();
if (failedState !== 'failed') problems.push(`the doomed job is ${failedState}`);
if (failed.failedReason !== 'crest says no') problems.push(`failedReason ${failed.failedReason}`);
if (failed.attemptsMade !== 2) problems.push(`attemptsMade ${failed.attemptsMade}`);
const events = (await delayedEvents).map(([, fields]) => fields[1]);
eventsReader.disconnect();
if (!events.includes('delayed')) problems.push(`no 'delayed' event: the retry skipped its backoff (${events})`);
await failingQueue.obliterate({ force: true });
await failingQueue.close();
clearTimeout(timer);
if (problems.length) fail(problems.join('\n'));
console.log(`${added.length} jobs added by Node's Queue were completed by crest; one failed twice and is failed in Node`);
process.exit(0);
