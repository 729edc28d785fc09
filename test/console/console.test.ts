// The web console in real headless Chromium against a real collector seeded with a laptop farm:
// sign in (and a wrong password refused), find the farm alert, read its story, open the cluster
// graph, acknowledge, resolve as true positive, find the audit entry; a viewer's resolve is
// refused with 403. Screenshots of the main pages go to test-artifacts/console/.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../scripts/build-console.js';
import { addUser } from '../../server/auth/users.js';
import { call, startCollector, type TestCollector } from '../server/collector.js';
import { chromiumUnavailable, launchChromium, type Chromium } from './chromium.js';
import { seedFarm, type SeededFarm } from './farm-seed.js';

const ARTIFACTS = path.resolve('test-artifacts/console');
const PASSWORD = 'console test password';
const skip = chromiumUnavailable();

describe.skipIf(skip !== undefined)('web console in Chromium', { timeout: 60_000 }, () => {
  let consoleDir: string;
  let collector: TestCollector;
  let seeded: SeededFarm;
  let browser: Chromium;
  let base: string;

  beforeAll(async () => {
    consoleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'farmwatch-console-'));
    await buildConsole(consoleDir);
    process.env.FARMWATCH_CONSOLE_DIR = consoleDir;
    // Behind a "proxy" so reports can carry public egress addresses; the cookie is then Secure,
    // which Chromium accepts on http://localhost.
    collector = await startCollector({ trustProxy: true, correlationPollMs: 100 });
    base = collector.url.replace('127.0.0.1', 'localhost');
    seeded = await seedFarm(collector);
    for (const [username, role] of [['ana', 'analyst'], ['vic', 'viewer'], ['ada', 'admin']] as const) {
      await addUser(collector.store, { username, role, password: PASSWORD }, { kind: 'system', job: 'test' });
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await collector?.close();
    delete process.env.FARMWATCH_CONSOLE_DIR;
    fs.rmSync(consoleDir, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  async function signIn(page: Page, username: string, password = PASSWORD) {
    await browser.context.clearCookies();
    await page.goto(`${base}/`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function signOut(page: Page) {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  }

  it('refuses a wrong password and stays on the sign-in page', async () => {
    const page = await browser.context.newPage();
    await signIn(page, 'ana', 'not the password');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong username or password');
    await shot(page, '01-sign-in-refused');
    await page.close();
  });

  it('takes an analyst from the queue to the farm story, the cluster graph, acknowledge, resolve and the audit log', async () => {
    const page = await browser.context.newPage();
    await signIn(page, 'ana');
    await page.getByRole('heading', { name: 'Fleet overview' }).waitFor();
    await expect.poll(() => page.getByTestId('fleet-facts').textContent()).toContain('Devices known6');
    await page.getByTestId('daily-chart').locator('rect').first().waitFor();
    // Counts by category over the period come from the server (GET /api/v1/alerts/stats).
    await expect.poll(() => page.getByTestId('category-counts').textContent()).toContain('ip_kvm');
    await shot(page, '02-overview');
    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('heading', { name: 'Alerts' }).waitFor();
    const open = (await call(collector.url, '/api/v1/alerts?status=open&limit=1', { token: collector.adminToken })).body.total as number;
    expect(open).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('count-open').textContent()).toBe(String(open));
    await shot(page, '02-alert-queue');
    // Sorted by score on the server: the KVM alert (90) comes before the farm (about 80).
    await page.getByRole('button', { name: 'Score' }).click();
    await expect.poll(() => page.locator('th[aria-sort="descending"]').textContent()).toContain('Score');
    const scores = (await page.locator('tbody tr td:nth-child(2)').allTextContents()).map(Number);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    await page.getByLabel('Last seen within').selectOption('24h');

    await page.getByLabel('Type').selectOption('farm_suspected');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.locator('tbody tr a').first().click();
    const story = page.getByTestId('story');
    await expect.poll(() => story.textContent()).toContain('4 laptops assigned to 4 different employees share one home network');
    expect(await story.textContent()).toContain('1 of them has an IP-KVM attached (PiKVM)');
    expect(page.url()).toBe(`${base}/alerts/${seeded.farmAlertId}`);
    await shot(page, '03-farm-alert');

    await page.getByRole('link', { name: 'Open the cluster graph' }).click();
    const graph = page.getByTestId('cluster-graph');
    await graph.locator('canvas').first().waitFor();
    await expect.poll(() => graph.getAttribute('data-node-count')).toBe('4');
    expect(Number(await graph.getAttribute('data-edge-count'))).toBeGreaterThanOrEqual(3);
    await page.getByRole('heading', { name: /Cluster of 4 devices/ }).waitFor();
    await shot(page, '04-cluster-graph');
    await page.getByRole('link', { name: 'Clusters', exact: true }).first().click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await shot(page, '04-clusters');
    await page.goBack();

    await page.getByRole('link', { name: 'laptop-f1' }).click();
    await page.getByRole('heading', { name: 'laptop-f1' }).waitFor();
    await expect.poll(() => page.getByText('E-100 Alex Morgan').count()).toBe(1);
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('PiKVM');
    await expect.poll(() => page.getByRole('cell', { name: 'Farm suspected' }).count()).toBe(1);
    await shot(page, '05-device');

    await page.goBack();
    await page.goBack();
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('acknowledged');
    await page.getByLabel('Resolve as').selectOption('true_positive');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('resolved (true positive)');
    await shot(page, '06-farm-alert-resolved');

    await page.getByRole('link', { name: 'Audit log' }).click();
    const resolveRow = page.locator('[data-testid="audit-table"] tbody tr', { hasText: 'alert.resolve' });
    await expect.poll(() => resolveRow.count()).toBe(1);
    expect(await resolveRow.textContent()).toContain('ana (analyst)');
    expect(await resolveRow.textContent()).toContain(seeded.farmAlertId);
    expect(await page.locator('[data-testid="audit-table"] tbody tr', { hasText: 'alert.acknowledge' }).count()).toBe(1);
    await shot(page, '07-audit-log');
    await signOut(page);
    await page.close();
  });

  it('shows a viewer the 403 when they try to resolve, and leaves the alert open', async () => {
    const page = await browser.context.newPage();
    await signIn(page, 'vic');
    await page.getByRole('heading', { name: 'Fleet overview' }).waitFor();
    // The link alert outputs carry (server/outputs/event.ts consoleUrlOf) opens the alert's page.
    await page.goto(`${base}/console/alerts/${seeded.kvmAlertId}`);
    await expect.poll(() => page.url()).toBe(`${base}/alerts/${seeded.kvmAlertId}`);
    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Refused (403)');
    expect(await page.getByRole('alert').textContent()).toContain('viewer');
    expect(await page.getByTestId('status').textContent()).toBe('open');
    expect(await page.getByTestId('story').textContent()).toBe('laptop-f1: PiKVM seen (ip_kvm.usb_descriptor_match).');
    await shot(page, '08-viewer-refused');
    await signOut(page);
    await page.close();
  });

  it('shows the compliance report: coverage, the KVM laptop failing with its reason, and the CSV', async () => {
    const page = await browser.context.newPage();
    await signIn(page, 'vic');
    await page.getByRole('link', { name: 'Compliance' }).click();
    await page.getByRole('heading', { name: 'Compliance' }).waitFor();
    await expect.poll(() => page.getByTestId('compliance-summary').textContent()).toContain('Coverage');
    const failing = page.locator('[data-testid="compliance-table"] tbody tr', { hasText: 'laptop-f1' });
    await expect.poll(() => failing.textContent()).toContain('Failing');
    expect(await failing.textContent()).toContain('no_ip_kvm');
    await page.getByLabel('Status').selectOption('fail');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('[data-testid="compliance-table"] caption').textContent()).toContain('(Failing)');
    await shot(page, '15-compliance');
    // The download link is the same report as CSV, with the signed-in session's cookie.
    const csv = await page.request.get(`${base}/api/v1/compliance.csv?status=fail`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('laptop-f1');
    await signOut(page);
    await page.close();
  });

  it('gives an admin the users, tokens, suppressions, inventory, outputs (with a test send) and policy pages, with a diff before saving the policy', async () => {
    const page = await browser.context.newPage();
    await signIn(page, 'ada');
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('cell', { name: 'vic', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Disable vic' }).click();
    await page.getByRole('cell', { name: 'vic (disabled)', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Enable vic' }).click();
    await page.getByRole('cell', { name: 'vic', exact: true }).waitFor();
    await shot(page, '09-users');
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('button', { name: 'Mint token' }).waitFor();
    await shot(page, '10-tokens');
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByRole('cell', { name: 'E-100 Alex Morgan' }).waitFor();
    await shot(page, '11-inventory');
    await page.getByRole('link', { name: 'Suppressions' }).click();
    await page.getByRole('heading', { name: 'Suppressions' }).waitFor();
    await shot(page, '12-suppressions');

    // An output to a webhook receiver on this machine, and a test event through it.
    const received: string[] = [];
    const receiver = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(body);
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as { port: number };
      await page.getByRole('link', { name: 'Outputs' }).click();
      await page.getByLabel(/Output configuration/).fill(JSON.stringify({
        id: 'soc-webhook', name: 'SOC webhook', type: 'webhook', url: `http://127.0.0.1:${port}/hook`, secret: 'a shared secret for the test receiver',
      }));
      await page.getByRole('button', { name: 'Add output' }).click();
      await page.getByRole('cell', { name: 'SOC webhook', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Send test' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('Test event delivered to SOC webhook');
      expect(received.some((body) => body.includes('farmwatch.test'))).toBe(true);
      await shot(page, '13-outputs');
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }

    await page.getByRole('link', { name: 'Policy' }).click();
    const editor = page.getByLabel(/Policy \(JSON/);
    await expect.poll(() => editor.inputValue()).toContain('"scan"');
    const policy = JSON.parse(await editor.inputValue()) as { scan: { probeTimeoutMs?: number } };
    await editor.fill('{ not json');
    await page.getByRole('button', { name: 'Review changes' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Not valid JSON');
    const timeout = (policy.scan.probeTimeoutMs ?? 15_000) + 1000;
    await editor.fill(JSON.stringify({ ...policy, scan: { ...policy.scan, probeTimeoutMs: timeout } }));
    await page.getByRole('button', { name: 'Review changes' }).click();
    const diff = page.getByLabel('Changes against the stored policy');
    await expect.poll(async () => (await diff.locator('.added').allTextContents()).some((t) => t.includes(`"probeTimeoutMs": ${timeout}`))).toBe(true);
    expect((await diff.locator('.removed').allTextContents()).some((t) => t.includes('"probeTimeoutMs"'))).toBe(true);
    await shot(page, '14-policy-diff');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Saved');
    const stored = await call(collector.url, '/api/v1/admin/policy', { token: collector.adminToken });
    expect(stored.body.scan.probeTimeoutMs).toBe(timeout);
    await page.close();
  });
});
