import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { mailTo } from '../support/smtp';
import { fitsWidth, maybeScreenshot, overflowing, openBrowser, signInThroughForm, type BrowserSession } from './support/browser';

// The signed-out pages and the cabinet shell, in Debian's Chromium against the real portal serving client/dist.

let portal: TestPortal;
const browsers: BrowserSession[] = [];
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => {
  for (const b of browsers) await b.close();
  await portal?.stop();
});

async function browser(viewport?: { width: number; height: number }) {
  const session = await openBrowser(viewport);
  browsers.push(session);
  return session;
}

// Browser steps are slow when the machine is busy: a minute per test, 20 s per step (support/browser.ts).
describe('sign-in and the cabinet shell', { timeout: 60_000 }, () => {
  it('a member signs in by INN and sees the cabinet; English is one click away and remembered', async () => {
    const { page } = await browser();
    await page.goto(portal.url);
    await page.getByRole('heading', { name: 'Вход в личный кабинет' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await maybeScreenshot(page, 'login');

    await signInThroughForm(page, portal.url, '7701234560', 'not-the-password');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Неверный логин или пароль');
    await signInThroughForm(page, portal.url, '7701234560');
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    expect(await page.getByRole('banner').textContent()).toContain('СтройМонтаж');

    const menu = page.getByRole('navigation', { name: 'Меню' });
    for (const entry of ['Общая информация', 'Входящие', 'Исходящие', 'Сведения о члене СРО', 'Обращения', 'Проверки', 'Платежи', 'Жалобы', 'Договоры', 'Специалисты НРС', 'Сообщения', 'Библиотека файлов', 'Доступ', 'Задачи']) {
      // Anchored at the start: a badge adds "Непрочитанных: N" to the link's name.
      await menu.getByRole('link', { name: new RegExp(`^${entry}`) }).waitFor();
    }
    expect(await menu.getByRole('link', { name: 'Общая информация' }).getAttribute('aria-current')).toBe('page');
    for (const block of ['Обращения', 'Журнал документов', 'Календарь событий', 'Отчёты']) await page.getByRole('heading', { name: block, level: 2 }).waitFor();
    await page.locator('.mini-journal li').first().waitFor();
    await maybeScreenshot(page, 'cabinet');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: /Hello/ }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Inspections' }).waitFor();
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
  });

  it('every menu entry leads to a real page: an empty module says what it will hold', async () => {
    const { page } = await browser();
    await signInThroughForm(page, portal.url, '7701234560');
    const menu = page.getByRole('navigation', { name: 'Меню' });
    await menu.getByRole('link', { name: 'Платежи' }).click();
    await page.getByRole('heading', { name: 'Платежи', level: 1 }).waitFor();
    await page.getByText('Задолженности нет').waitFor();
    expect(await menu.getByRole('link', { name: 'Платежи' }).getAttribute('aria-current')).toBe('page');
    // One click opens the request prefilled: the member only confirms and sends.
    await page.getByRole('link', { name: 'Запросить акт сверки' }).click();
    await page.waitForURL(/\/requests\/new\/accounting_documents\?docType=reconciliation_act/);
    expect(await page.getByLabel('Вид документа').inputValue()).toBe('reconciliation_act');
    // An empty module says what it will hold; a module not built yet says so and offers the next step.
    await menu.getByRole('link', { name: 'Библиотека файлов' }).click();
    await page.getByText('В библиотеке пока нет документов').waitFor();
    await menu.getByRole('link', { name: 'Задачи' }).click();
    await page.getByText('Задач от СРО нет').waitFor();

    await page.goto(`${portal.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Страница не найдена' }).waitFor();

    // "Создать запрос" opens a menu of request kinds; Escape closes it and gives focus back.
    await page.getByRole('button', { name: 'Создать запрос' }).click();
    await page.getByRole('menuitem', { name: 'Выписка из реестра' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('menuitem').count()).toBe(0);

    // The menu collapses to icons and stays collapsed after a reload.
    await page.getByRole('button', { name: 'Свернуть меню' }).click();
    await page.reload();
    await page.getByRole('button', { name: 'Развернуть меню' }).waitFor();
    expect(await menu.getByRole('link', { name: 'Платежи' }).getAttribute('title')).toBe('Платежи');
    await page.getByRole('button', { name: 'Развернуть меню' }).click();
  });

  it('the skip link is the first stop of the keyboard and takes focus to the page', async () => {
    const { page } = await browser();
    await signInThroughForm(page, portal.url, 'member@example.org');
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Перейти к содержимому');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('password reset: the same answer whether or not the account exists; the e-mailed link sets a new password', async () => {
    const { page } = await browser();
    await page.goto(portal.url);
    await page.getByRole('link', { name: 'Забыли пароль?' }).click();
    await page.getByRole('heading', { name: 'Восстановление пароля' }).waitFor();
    await page.getByLabel('ИНН или e-mail').fill('nobody@example.org');
    await page.getByRole('button', { name: 'Прислать ссылку' }).click();
    const answer = await page.getByRole('status').textContent();
    expect(answer).toContain('Если такая учётная запись есть');

    await page.goto(`${portal.url}/reset-password`);
    await page.getByLabel('ИНН или e-mail').fill('500100732259');
    await page.getByRole('button', { name: 'Прислать ссылку' }).click();
    expect(await page.getByRole('status').textContent()).toBe(answer);

    const mail = await portal.smtp.waitFor(mailTo('engineer@example.org'));
    const link = /https?:\/\/\S+\/reset-password\?token=[\w-]+/.exec(mail.text ?? '')?.[0];
    expect(link).toBeTruthy();
    await page.goto(`${portal.url}${new URL(link!).pathname}${new URL(link!).search}`);
    await page.getByLabel('Новый пароль').fill('new-password-22');
    await page.getByLabel('Повторите пароль').fill('new-password-2');
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await page.getByText('Пароли не совпадают').waitFor();
    await page.getByLabel('Повторите пароль').fill('new-password-22');
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await page.getByText('Пароль изменён. Войдите с новым паролем.').waitFor();

    await signInThroughForm(page, portal.url, '500100732259', 'new-password-22');
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
  });

  it('Service → Access: a wrong current password and a mismatched repeat are shown next to the fields', async () => {
    const { page } = await browser();
    await signInThroughForm(page, portal.url, 'member@example.org');
    await page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Доступ' }).click();
    await page.getByRole('heading', { name: 'Смена пароля' }).waitFor();
    await page.getByLabel('Текущий пароль').fill('wrong-password-1');
    await page.getByLabel('Новый пароль').fill('another-password-1');
    await page.getByLabel('Повторите пароль').fill('another-password-2');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Пароли не совпадают').waitFor();
    await page.getByLabel('Повторите пароль').fill('another-password-1');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Текущий пароль введён неверно').first().waitFor();
  });

  it('«Выйти на всех устройствах» takes every other tab and device to the login page at once, without a click', async () => {
    const laptop = await browser();
    const phone = await browser({ width: 390, height: 844 });
    for (const device of [laptop, phone]) {
      await signInThroughForm(device.page, portal.url, 'member@example.org');
      await device.page.getByRole('navigation', { name: 'Меню' }).waitFor();
    }
    const secondTab = await laptop.context.newPage();
    await secondTab.goto(`${portal.url}/payments`);
    await secondTab.getByRole('navigation', { name: 'Меню' }).waitFor();

    await laptop.page.getByRole('link', { name: 'Доступ' }).click();
    await laptop.page.getByRole('button', { name: 'Выйти на всех устройствах' }).click();
    // Neither the other tab nor the phone navigates: the server's session:ended takes them out.
    for (const page of [secondTab, phone.page]) {
      await page.getByRole('heading', { name: 'Вход в личный кабинет' }).waitFor({ timeout: 5000 });
      expect(await page.getByRole('navigation', { name: 'Меню' }).count()).toBe(0);
    }
  });

  it('staff get their own shell: the shared inbox, members, settings; staff management only for an admin', async () => {
    const expert = (await browser()).page;
    await signInThroughForm(expert, portal.url, 'expert@example.org');
    await expert.getByRole('heading', { name: 'Общий входящий' }).waitFor();
    const menu = expert.getByRole('navigation', { name: 'Меню' });
    for (const entry of ['Общий входящий', 'Члены СРО', 'Настройки']) await menu.getByRole('link', { name: entry }).waitFor();
    expect(await menu.getByRole('link', { name: 'Сотрудники' }).count()).toBe(0);
    expect(await expert.getByRole('button', { name: 'Создать запрос' }).count()).toBe(0);
    // An expert reads the SRO's settings; only an admin changes them.
    await menu.getByRole('link', { name: 'Настройки' }).click();
    await expert.getByRole('heading', { name: 'Настройки СРО' }).waitFor();
    await expert.getByText('Менять настройки выписок и финансов может администратор').waitFor();
    expect(await expert.getByLabel('Выдавать электронную выписку сразу, без участия сотрудника').isDisabled()).toBe(true);

    const admin = (await browser()).page;
    await signInThroughForm(admin, portal.url, 'admin@example.org');
    await admin.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Сотрудники' }).click();
    await admin.getByRole('heading', { name: 'Сотрудники', level: 1 }).waitFor();
    await admin.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Настройки' }).click();
    await admin.getByLabel('1-й уровень').fill('70 000 000');
    await admin.locator('#set-finance').locator('..').getByRole('button', { name: 'Сохранить' }).click();
    await admin.locator('section', { has: admin.locator('#set-finance') }).getByText('Сохранено.').waitFor();
  });

  it('no page scrolls sideways, for a member and for staff, at 360, 1 366 and 1 920 px', { timeout: 240_000 }, async () => {
    for (const [login, width] of [['7701234560', 1366], ['7701234560', 360], ['expert@example.org', 1366], ['admin@example.org', 360], ['7701234560', 1920]] as const) {
      const { page } = await browser({ width, height: 800 });
      await signInThroughForm(page, portal.url, login);
      await page.getByRole('navigation', { name: 'Меню' }).waitFor({ state: 'attached' });
      const links = await page.getByRole('navigation', { name: 'Меню' }).getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      const pages = [...new Set([...links, login.includes('@') ? '/members' : '/requests/new/general'])];
      const wide: string[] = [];
      for (const href of pages) {
        await page.goto(portal.url + href);
        await page.locator('main h1, main .empty, main table').first().waitFor();
        await page.waitForLoadState('networkidle'); // the page's lists have arrived and laid out
        if (!(await fitsWidth(page))) wide.push(`${href} at ${width}px: ${(await overflowing(page)).join(', ')}`);
      }
      expect(wide).toEqual([]);
    }
  });
});
