import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/*
 * Browser tests in Debian's Chromium, driven by playwright-core (never a downloaded browser).
 *
 *   const portal = await startTestPortal();            // tests/support/portal.ts: serves client/dist
 *   const { page, close } = await openBrowser();       // a fresh profile: no cookies, no localStorage
 *   await signInThroughForm(page, portal.url, '7701234560');
 *   await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
 *   await close();                                      // in afterAll, with portal.stop()
 *
 * - The client is built once per `vitest run` by tests/global-setup.ts, so the tests drive the real bundle.
 * - Missing /usr/bin/chromium: `apt-get install -y chromium fonts-dejavu-core` (about 20 s); CHROMIUM_PATH overrides.
 * - Pages open in Russian, Moscow time, 1280×800 unless a viewport is given (e.g. { width: 360, height: 740 }).
 * - SCREENSHOTS=1 saves maybeScreenshot(page, name) to docs/screenshots/<name>.png for the README.
 * - launchPersistentContext because launch() refuses --user-data-dir; each session gets its own folder.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1280, height: 800 }): Promise<BrowserSession> {
  await access(CHROMIUM, constants.X_OK).catch(() => {
    throw new Error(`No Chromium at ${CHROMIUM}: run \`apt-get install -y chromium fonts-dejavu-core\` (never download a browser)`);
  });
  const profile = await mkdtemp(path.join(tmpdir(), 'sro-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  // Below vitest's 30 s test timeout, so a stuck step fails with the locator it waited for.
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login form, as a person would. */
export async function signInThroughForm(page: Page, baseUrl: string, login: string, password = 'demo-password-1'): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('ИНН или e-mail').fill(login);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

/** Saves a screenshot for the README when SCREENSHOTS=1. */
export async function maybeScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  await mkdir('docs/screenshots', { recursive: true });
  await page.screenshot({ path: path.join('docs/screenshots', `${name}.png`), fullPage: false });
}

/** True when nothing on the page scrolls sideways (DESIGN: 360–1 920 px). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

/** What sticks out on the right, for the failure message: tag.class and its right edge. */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const widest = [...document.querySelectorAll('body *')].map((el) => [el, el.getBoundingClientRect().right + (el as HTMLElement).scrollWidth - (el as HTMLElement).clientWidth] as const).sort((a, b) => b[1] - a[1])[0];
    const head = `scroll ${document.documentElement.scrollWidth} > client ${width}; widest ${widest?.[0].tagName.toLowerCase()}.${[...(widest?.[0].classList ?? [])].join('.')} ${Math.round(widest?.[1] ?? 0)}`;
    return [head, ...[...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} → ${Math.round(el.getBoundingClientRect().right)}px`)];
  });
}
