// Opens /docs in headless Debian Chromium (driven by playwright-core) and checks that Swagger UI
// renders the operations of the OpenAPI document.
import { chromium } from 'playwright-core';
import { startCrest } from './crest_server.mjs';

const [crestBinary, screenshotPath] = process.argv.slice(2);
const server = await startCrest(crestBinary);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(server.url('/docs'));
  await page.waitForSelector('.opblock-summary-path', { timeout: 20000 });
  const paths = await page.$$eval('.opblock-summary-path', (nodes) => nodes.map((n) => n.textContent.trim()));
  for (const expected of ['/api/v1/version', '/health/live', '/health/ready', '/metrics']) {
    if (!paths.some((p) => p.replace(/\u200b/g, '') === expected)) {
      throw new Error(`Swagger UI does not list ${expected}; it lists ${paths.join(', ')}`);
    }
  }
  const title = await page.textContent('.info .title');
  if (!title.includes('crest API')) throw new Error(`unexpected title: ${title}`);
  if (screenshotPath) await page.screenshot({ path: screenshotPath, fullPage: true });
  console.log(`Swagger UI lists ${paths.length} operations`);
} finally {
  await browser.close();
  await server.stop();
}
