// The S3-compatible server of the test suite: s3rver (npm) stores the objects, behind a front that
// checks every request's AWS Signature V4 with the AWS SDK's own signer (@smithy/signature-v4),
// because s3rver 3.7.1 accepts any V4 signature. A request passes only if the official signer,
// given the same headers, date and credentials, computes the same signature, and its body matches
// x-amz-content-sha256; presigned URLs are checked the same way, and refused once expired.
// Unsigned requests are refused, as a private bucket refuses them.
//   node s3_server.mjs PORT DATA_DIR BUCKET ACCESS_KEY SECRET_KEY
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import S3rver from 's3rver';
import { SignatureV4 } from '@smithy/signature-v4';

const [port, directory, bucket, accessKey, secretKey] = process.argv.slice(2);

class NodeSha256 {
  constructor(secret) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data) {
    this.hash.update(typeof data === 'string' ? Buffer.from(data) : data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

const store = await new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true,
                                 configureBuckets: [{ name: bucket }] }).run();

function refuse(res, status, code, message) {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

// "20261202T120000Z" -> Date
function amzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text || '');
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}

function signerFor(region) {
  return new SignatureV4({ credentials: { accessKeyId: accessKey, secretAccessKey: secretKey }, region,
                           service: 's3', sha256: NodeSha256, uriEscapePath: false, applyChecksum: false });
}

function requestFor(req, url, signedHeaders, dropQuery) {
  const query = {};
  for (const [name, value] of url.searchParams) if (!dropQuery.includes(name)) query[name] = value;
  const headers = {};
  for (const name of signedHeaders) headers[name] = req.headers[name] ?? '';
  return { method: req.method, protocol: 'http:', hostname: url.hostname, port: Number(url.port),
           path: url.pathname, query, headers };
}

async function check(req, body) {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return [400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed'];
    const [, key, , region, signed, signature] = m;
    if (key !== accessKey) return [403, 'InvalidAccessKeyId', 'The access key does not exist'];
    const date = amzDate(req.headers['x-amz-date']);
    if (!date) return [403, 'AccessDenied', 'x-amz-date is missing or malformed'];
    const declared = req.headers['x-amz-content-sha256'];
    if (!declared) return [400, 'InvalidRequest', 'x-amz-content-sha256 is required'];
    if (declared !== 'UNSIGNED-PAYLOAD' && declared !== createHash('sha256').update(body).digest('hex'))
      return [400, 'XAmzContentSHA256Mismatch', 'The body does not match x-amz-content-sha256'];
    const headers = signed.split(';').filter((h) => h !== 'x-amz-date');
    const expected = await signerFor(region).sign(requestFor(req, url, headers, []), { signingDate: date });
    const theirs = /Signature=([0-9a-f]{64})/.exec(expected.headers.authorization)[1];
    if (theirs !== signature) return [403, 'SignatureDoesNotMatch', 'The request signature does not match'];
    return null;
  }
  const q = url.searchParams;
  if (q.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256') {
    const credential = (q.get('X-Amz-Credential') || '').split('/');
    if (credential[0] !== accessKey) return [403, 'InvalidAccessKeyId', 'The access key does not exist'];
    const date = amzDate(q.get('X-Amz-Date'));
    const expires = Number(q.get('X-Amz-Expires'));
    if (!date || !(expires > 0)) return [400, 'AuthorizationQueryParametersError', 'Bad presigned parameters'];
    if (Date.now() > date.getTime() + expires * 1000) return [403, 'AccessDenied', 'Request has expired'];
    const signedHeaders = (q.get('X-Amz-SignedHeaders') || '').split(';');
    const drop = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders',
                  'X-Amz-Signature'];
    // As @aws-sdk/s3-request-presigner does: the payload is UNSIGNED-PAYLOAD, a header left unsigned.
    const request = requestFor(req, url, signedHeaders, drop);
    request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    const unsigned = new Set(['x-amz-content-sha256']);
    const presigned = await signerFor(credential[2]).presign(request, { signingDate: date, expiresIn: expires,
                                                                        unsignableHeaders: unsigned,
                                                                        unhoistableHeaders: unsigned });
    if (presigned.query['X-Amz-Signature'] !== q.get('X-Amz-Signature'))
      return [403, 'SignatureDoesNotMatch', 'The presigned URL signature does not match'];
    return null;
  }
  return [403, 'AccessDenied', 'Anonymous access is refused'];
}

http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    const body = Buffer.concat(chunks);
    let refusal;
    try {
      refusal = await check(req, body);
    } catch (error) {
      refusal = [400, 'InvalidRequest', String(error.message || error)];
    }
    if (refusal) return refuse(res, ...refusal);
    const headers = { ...req.headers, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    const forward = http.request({ host: '127.0.0.1', port: store.port, method: req.method, path: req.url, headers },
                                 (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', (error) => refuse(res, 502, 'InternalError', String(error.message)));
    forward.end(body);
  });
}).listen(Number(port), '127.0.0.1', () => console.log(`S3 (signature-checking front) on 127.0.0.1:${port}`));
