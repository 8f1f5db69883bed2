// crest's S3 driver and the official AWS SDK for JavaScript agree, on the S3 server scripts/test
// starts (whose front checks every signature with the SDK's signer): what crest writes (one PUT,
// and a multipart upload) the SDK reads byte for byte; what the SDK writes crest reads; the URL
// crest presigns downloads with plain fetch and carries the file name. Skipped (77) without
// CREST_TEST_S3_URL.
// Usage: node s3_interop.mjs <crest_storage_probe binary>
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';

const [probe] = process.argv.slice(2);
const url = process.env.CREST_TEST_S3_URL;
if (!url) {
  console.log('CREST_TEST_S3_URL is not set (scripts/test sets it): skipped');
  process.exit(77);
}
const parsed = new URL(url.replace(/^s3:/, 'http:'));
const bucket = parsed.hostname;
const endpoint = parsed.searchParams.get('endpoint');
const region = parsed.searchParams.get('region') || 'us-east-1';
const credentials = { accessKeyId: process.env.CREST_TEST_S3_ACCESS_KEY, secretAccessKey: process.env.CREST_TEST_S3_SECRET_KEY };
const s3 = new S3Client({ endpoint, region, forcePathStyle: true, credentials });
const env = { ...process.env, CREST_STORAGE_URL: url, AWS_ACCESS_KEY_ID: credentials.accessKeyId,
              AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
const run = (...args) => execFileSync(probe, args, { env, encoding: 'utf8' }).trim();
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

let failures = 0;
const expect = (ok, what) => {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

const prefix = `interop-${randomBytes(6).toString('hex')}`;
for (const [name, size] of [['small', 1000], ['multipart', 11 * 1024 * 1024 + 17]]) {
  const key = `${prefix}/${name}.bin`;
  const written = JSON.parse(run('put', key, String(size), '42'));
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = Buffer.from(await object.Body.transformToByteArray());
  expect(bytes.length === size && written.size === size, `${name}: the SDK reads ${size} bytes crest wrote`);
  expect(sha256(bytes) === written.sha256, `${name}: the SDK's bytes have the SHA-256 crest computed while writing`);
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  expect(head.ContentType === 'application/octet-stream', `${name}: the content type crest sent (${head.ContentType})`);
}

const fromSdk = randomBytes(300_000);
await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/from-sdk.bin`, Body: fromSdk }));
const read = JSON.parse(run('read', `${prefix}/from-sdk.bin`));
expect(read.size === fromSdk.length && read.sha256 === sha256(fromSdk), 'crest reads what the SDK wrote');

await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/export.csv`, Body: 'name\r\nAcme\r\n',
                                      ContentType: 'text/csv' }));
const link = run('url', `${prefix}/export.csv`, 'companies.csv');
const download = await fetch(link);
expect(download.status === 200 && (await download.text()) === 'name\r\nAcme\r\n', 'crest\'s presigned URL downloads');
expect(/filename="companies\.csv"/.test(download.headers.get('content-disposition') || ''),
       'the download carries the file name');
const forged = await fetch(link.replace(/X-Amz-Expires=60/, 'X-Amz-Expires=600'));
expect(forged.status === 403, `a presigned URL whose lifetime was changed is refused (${forged.status})`);

if (failures) {
  console.error(`${failures} check(s) failed`);
  process.exit(1);
}
