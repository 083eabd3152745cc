// Drives Debian's chromium with playwright-core, as a person would use daicho. Every page
// collects console errors, uncaught exceptions and failed requests; a test fails on any of
// them (expected() lets a test name the refusals it provokes on purpose). Screenshots go to
// tests/out/screenshots for people to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const SHOTS = new URL('../../out/screenshots/', import.meta.url).pathname;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// A browser context with a given window size and language; returns { page, problems, expected }.
export async function openPage(browser, { width = 1366, height = 768, locale = 'ja-JP' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  const allowed = [];
  page.on('console', (m) => {
    // Chrome also logs every HTTP error response here, without its URL; the response
    // listener below judges those (with the URL and the test's allow-list).
    if (m.type() !== 'error' || /^Failed to load resource: the server responded with a status of/.test(m.text())) return;
    if (!allowed.some((a) => a.test(m.text()))) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText || '';
    if (!why.includes('ERR_ABORTED')) problems.push(`request failed: ${r.method()} ${r.url()} ${why}`);
  });
  page.on('response', (r) => {
    const url = r.url();
    if (r.status() >= 400 && !allowed.some((a) => a.test(`${r.status()} ${url}`)))
      problems.push(`HTTP ${r.status()}: ${r.request().method()} ${url}`);
  });
  return {
    context,
    page,
    problems,
    // Declares a refusal the test provokes on purpose (a regexp over "STATUS URL" or a console text).
    expected(re) { allowed.push(re); },
  };
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export async function signIn(page, baseUrl, login, password) {
  await page.goto(baseUrl + '/');
  await page.getByLabel(/ログイン名|Login name/).fill(login);
  await page.getByLabel(/^パスワード$|^Password$/).fill(password);
  const button = page.getByRole('button', { name: /^ログイン$|^Sign in$/ });
  await button.click();
  // The sign-in page has a heading too: wait until it has been replaced.
  await button.waitFor({ state: 'detached' });
  await page.getByRole('heading', { level: 1 }).waitFor();
}
