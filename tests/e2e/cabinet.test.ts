import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { maybeScreenshot, openBrowser, signInThroughForm, type BrowserSession } from './support/browser';
import { signIn } from '../support/http';
import { inSro } from '../server/access-support';
import { User } from '../../server/src/users/user.model';

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

describe('the member cabinet in Chromium', { timeout: 60_000 }, () => {
  it('a registry-extract request with an attachment reaches the expert live; the reply reaches the member without reload', async () => {
    const member = await browser();
    const expert = await browser();
    await signInThroughForm(expert.page, portal.url, 'expert@example.org');
    await expert.page.getByRole('heading', { name: 'Общий входящий' }).waitFor();

    await signInThroughForm(member.page, portal.url, 'member@example.org');
    await member.page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    await member.page.getByRole('button', { name: /Создать запрос/ }).click();
    await member.page.getByRole('menuitem', { name: 'Выписка из реестра' }).click();
    await member.page.getByLabel('Количество копий').fill('3');
    await member.page.getByLabel('Бумажный экземпляр — заберу в офисе').check();
    await member.page.getByLabel('Текст обращения').fill('Выписка для аукциона № 42');
    await member.page.locator('input[type=file]').setInputFiles({ name: 'доверенность.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    // Sending signs the request: a wrong password is refused in the dialog, the right one sends it.
    await member.page.getByRole('button', { name: 'Создать и отправить' }).click();
    await member.page.getByLabel('Пароль от личного кабинета').fill('not-my-password');
    await member.page.getByRole('button', { name: 'Подписать и отправить' }).click();
    await member.page.getByText('Пароль не подходит', { exact: false }).waitFor();
    await member.page.getByLabel('Пароль от личного кабинета').fill('demo-password-1');
    await member.page.getByRole('button', { name: 'Подписать и отправить' }).click();
    await member.page.getByRole('heading', { name: 'Выписка из реестра членов СРО' }).waitFor();
    await member.page.getByRole('link', { name: /доверенность\.pdf/ }).waitFor();
    const threadUrl = member.page.url();

    // The expert's inbox shows it without a reload, and the expert answers.
    const item = expert.page.locator('.inbox__items li', { hasText: 'Выписка из реестра членов СРО' }).first();
    await item.waitFor();
    await item.getByRole('link').click();
    await expert.page.getByText('Выписка для аукциона № 42').waitFor();
    await expert.page.getByRole('button', { name: 'Зарегистрировать' }).click();
    await expert.page.getByText(/ВХ-\d{4}-\d{6}/).first().waitFor();
    await expert.page.getByLabel('Сообщение').fill('Выписка будет готова завтра');
    await expert.page.getByRole('button', { name: 'Отправить' }).click();

    // The member sees the reply, the new status and the number without reloading.
    await member.page.getByText('Выписка будет готова завтра').waitFor();
    await member.page.locator('.facts').getByText('Зарегистрировано').first().waitFor();
    expect(member.page.url()).toBe(threadUrl);
    // Away from the thread, the badge of the folder that lists the request («Исходящие») counts the next reply
    // live; «Входящие» lists what the SRO sent, so the reply is not counted there.
    await member.page.getByRole('link', { name: 'Общая информация' }).click();
    const inboxBadgeBefore = await member.page.locator('nav a[href="/inbox"] .badge').count();
    await expert.page.getByLabel('Сообщение').fill('И ещё один вопрос');
    await expert.page.getByRole('button', { name: 'Отправить' }).click();
    await member.page.locator('nav a[href="/outbox"] .badge').waitFor();
    expect(Number(await member.page.locator('nav a[href="/outbox"] .badge').textContent())).toBeGreaterThanOrEqual(1);
    expect(await member.page.locator('nav a[href="/inbox"] .badge').count()).toBe(inboxBadgeBefore);
    await maybeScreenshot(expert.page, 'inbox');
  });

  it('an expert works a thread from the inbox to resolved, with a canned reply; the member sees each step live', async () => {
    const member = await browser();
    const expert = await browser();
    await signInThroughForm(member.page, portal.url, 'member@example.org');
    await member.page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Обращения' }).click();
    await member.page.getByRole('link', { name: 'Запрос бухгалтерских документов' }).click();
    await member.page.locator('.facts').getByText('Нужен ваш ответ').waitFor();

    await signInThroughForm(expert.page, portal.url, 'expert@example.org');
    await expert.page.locator('.inbox__items li', { hasText: 'Запрос бухгалтерских документов' }).getByRole('link').click();
    await expert.page.getByRole('complementary', { name: 'Карточка члена СРО' }).getByText('7701234560').waitFor();
    await expert.page.getByRole('button', { name: 'Назначить на меня' }).click();
    await expert.page.locator('.facts').getByText('Олег Экспертов').waitFor();
    await expert.page.getByRole('combobox', { name: 'Шаблоны ответов' }).selectOption({ label: 'Нужны документы' });
    expect(await expert.page.getByLabel('Сообщение').inputValue()).toContain('«Запрос бухгалтерских документов»');
    await expert.page.getByRole('button', { name: 'Отправить' }).click();
    await member.page.getByText('направьте, пожалуйста, сканы').waitFor();
    await expert.page.getByRole('button', { name: 'Взять в работу' }).click();
    await member.page.locator('.facts').getByText('На рассмотрении').waitFor();
    await expert.page.getByRole('button', { name: 'Решено' }).click();
    await member.page.locator('.facts').getByText('Исполнено').waitFor();
    await member.page.locator('.facts').getByText('Олег Экспертов').waitFor();
  });

  it('a member reports a change of registry data; the expert applies it in one action; the registry shows it', async () => {
    const member = await browser();
    const expert = await browser();
    await inSro(portal, () => User.updateOne({ email: 'engineer@example.org' }, { $unset: { signatureAgreementAt: 1 } })); // as if new
    await signInThroughForm(member.page, portal.url, '500100732259');
    // Her first sign-in: the agreement on electronic interaction comes before the cabinet.
    await member.page.getByRole('heading', { name: 'Соглашение об электронном взаимодействии' }).waitFor();
    await member.page.getByRole('button', { name: 'Принимаю соглашение' }).click();
    await member.page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Сведения о члене СРО' }).click();
    await member.page.getByRole('link', { name: 'Сообщить об изменениях' }).click();
    await member.page.getByLabel('Что изменилось').selectOption({ label: 'Телефон' });
    await member.page.getByLabel('Новое значение').fill('позвоните');
    await member.page.getByRole('button', { name: 'Отправить в СРО' }).click();
    await member.page.getByText('Телефон в формате +7 999 123-45-67').waitFor();
    await member.page.getByLabel('Новое значение').fill('+7 495 000-11-22');
    // A structured group too: a new diploma, added to her education.
    await member.page.getByRole('button', { name: 'Добавить ещё' }).click();
    await member.page.getByLabel('Что изменилось').nth(1).selectOption({ label: 'Образование' });
    await member.page.getByLabel('Номер диплома').fill('ДВС 0457812');
    await member.page.getByLabel('Учебное заведение').fill('МИИГАиК');
    await member.page.getByLabel('Специальность').fill('Кадастровый инженер');
    await member.page.getByRole('button', { name: 'Отправить в СРО' }).click();
    await member.page.getByLabel('Пароль от личного кабинета').fill('demo-password-1');
    await member.page.getByRole('button', { name: 'Подписать и отправить' }).click();
    await member.page.getByRole('heading', { name: 'Сообщение об изменении сведений' }).waitFor();

    await signInThroughForm(expert.page, portal.url, 'expert@example.org');
    await expert.page.locator('.inbox__items li', { hasText: 'Сообщение об изменении сведений' }).first().getByRole('link').click();
    await expert.page.getByRole('cell', { name: '+7 495 000-11-22' }).waitFor();
    await expert.page.getByRole('button', { name: 'Внести в реестр' }).click();
    await member.page.locator('.facts').getByText('Исполнено').waitFor();
    await member.page.getByText('Изменения внесены в реестр', { exact: false }).waitFor();
    // The applied line reads like the card, field by field in words — never raw data.
    const applied = member.page.locator('.msg--system', { hasText: 'Изменения внесены в реестр' });
    await applied.getByText(/Образование: .*→ .*диплом № ДВС 0457812, МИИГАиК, Кадастровый инженер/).waitFor();
    await applied.getByText(/Телефон: .*→ \+7 495 000-11-22/).waitFor();
    expect(await applied.textContent()).not.toMatch(/[{}"\[\]]|diplomaNumber/);
    await member.page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Сведения о члене СРО' }).click();
    await member.page.getByText('+7 495 000-11-22').first().waitFor();
    await member.page.getByRole('heading', { name: 'История изменений' }).waitFor();
  });

  it('staff edit the registry from a member card; the change lands in its history', async () => {
    const { page } = await browser();
    await signInThroughForm(page, portal.url, 'admin@example.org');
    await page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Члены СРО' }).click();
    await page.getByRole('link', { name: /СтройМонтаж/ }).first().click();
    await page.getByLabel('Что изменилось').selectOption({ label: 'Почтовый адрес' });
    await page.getByLabel('Новое значение').fill('125009, г. Москва, а/я 17');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('.mail-list').getByText('125009, г. Москва, а/я 17').waitFor();
    await page.getByLabel('Что изменилось').selectOption({ label: 'ИНН' });
    await page.getByLabel('Новое значение').fill('7701234561');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('ИНН должен состоять из 10 или 12 цифр с верной контрольной суммой').waitFor();

    // Every group the member can report, with the member's own forms: an insurance contract…
    await page.getByRole('heading', { name: 'Изменить сведения в реестре' }).waitFor();
    await page.getByLabel('Что изменилось').selectOption({ label: 'Договоры страхования' });
    await page.getByLabel('Номер', { exact: true }).fill('СТР-2027/15');
    await page.getByLabel('Страховщик').fill('АО «СОГАЗ»');
    await page.getByLabel('Страховая сумма').fill('5000000');
    await page.getByLabel('Действует с').fill('2027-01-01');
    await page.getByLabel('по', { exact: true }).fill('2027-12-31');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByRole('status').getByText('Сведения обновлены').waitFor();
    await page.locator('.mail-list').getByText(/Договоры страхования: .*→ .*№ СТР-2027\/15, АО «СОГАЗ»/).waitFor();
    // …and a decision only the SRO takes: a disciplinary measure.
    await page.getByLabel('Что изменилось').selectOption({ label: 'Меры дисциплинарного воздействия' });
    await page.getByLabel('Дата решения').fill('2026-11-20');
    await page.getByLabel('Мера воздействия').fill('Предупреждение');
    await page.getByLabel('Основание').fill('Нарушение срока отчёта');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('.mail-list').getByText(/Меры дисциплинарного воздействия: .*Предупреждение, основание Нарушение срока отчёта/).waitFor();
    expect(await page.locator('.mail-list').textContent()).toContain('сотрудник СРО');

    // Inviting one more user is a form with its check next to the field, not a browser prompt.
    await page.getByLabel('E-mail нового пользователя').fill('не почта');
    await page.getByRole('button', { name: 'Отправить приглашение' }).click();
    await page.locator('#invite .field__error').waitFor();
    await page.getByLabel('E-mail нового пользователя').fill('buh@stroymontazh.example');
    await page.getByRole('button', { name: 'Отправить приглашение' }).click();
    await page.getByText('Приглашение отправлено на buh@stroymontazh.example').waitFor();
    await page.locator('.mini-journal li', { hasText: 'buh@stroymontazh.example' }).getByText('приглашён').waitFor();
  });

  it('works on a phone: the menu is a drawer', async () => {
    const { page } = await browser({ width: 360, height: 740 });
    await signInThroughForm(page, portal.url, '500100732259');
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    // Nothing sticks out sideways on a 360 px phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const menu = page.getByRole('navigation', { name: 'Меню' });
    // The drawer opens from the ☰ button and Escape closes it.
    await page.getByRole('button', { name: 'Меню' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Меню' }).getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('button', { name: 'Меню' }).getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('button', { name: 'Меню' }).click();
    await menu.getByRole('link', { name: 'Сведения о члене СРО' }).click();
    await page.getByText('4510 123456').waitFor();
    await page.waitForTimeout(300); // the drawer slides away
    await maybeScreenshot(page, 'phone');
  });

  it('a member with a debt: home page → Платежи → «Запросить счёт» → the request reaches the expert live', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const engineer = await signIn(portal.url, 'engineer@example.org');
    // Moscow's day, as the server counts overdue days (a UTC date is a day short between 21:00 and 24:00 UTC).
    const overdue = new Date(Date.now() + 3 * 3600_000 - 20 * 86_400_000).toISOString().slice(0, 10);
    expect((await admin.post(`/api/admin/members/${engineer.user.memberId}/charges`, { type: 'membership_fee', amount: 1_250_000, dueDate: overdue })).status).toBe(201);

    const expert = await browser();
    await signInThroughForm(expert.page, portal.url, 'expert@example.org');
    await expert.page.getByRole('heading', { name: 'Общий входящий' }).waitFor();
    const member = await browser();
    await signInThroughForm(member.page, portal.url, 'engineer@example.org');
    await member.page.getByText('12 500,00 ₽').first().waitFor();
    await member.page.getByRole('link', { name: 'Задолженность' }).click();
    await member.page.getByRole('heading', { name: 'Платежи', level: 1 }).waitFor();
    await member.page.getByText('Задолженность: 12 500,00 ₽').waitFor();
    await member.page.getByText('просрочено на 20 дн.', { exact: false }).waitFor();
    await maybeScreenshot(member.page, 'payments');
    await member.page.getByRole('link', { name: 'Запросить счёт' }).click();
    expect(await member.page.getByLabel('Вид документа').inputValue()).toBe('invoice');
    await member.page.getByRole('button', { name: 'Создать и отправить' }).click();
    await member.page.getByLabel('Пароль от личного кабинета').fill('demo-password-1');
    await member.page.getByRole('button', { name: 'Подписать и отправить' }).click();
    await member.page.getByRole('heading', { name: 'Запрос бухгалтерских документов' }).waitFor();
    await expert.page.locator('.inbox__items li', { hasText: 'Запрос бухгалтерских документов' }).first().waitFor();
    expect(await member.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  });

  it('an accountant records a charge on the member card; the member sees it in Платежи', async () => {
    const staff = await browser();
    await signInThroughForm(staff.page, portal.url, 'admin@example.org');
    await staff.page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Члены СРО' }).click();
    await staff.page.getByRole('link', { name: /СтройМонтаж/ }).first().click();
    await staff.page.getByRole('tab', { name: 'Начисления' }).click();
    const form = staff.page.locator('.staff-records__form');
    await form.getByLabel('Вид *').selectOption({ label: 'Целевой взнос' });
    await form.getByLabel('Сумма *').fill('3 000,50');
    await form.getByLabel('Срок оплаты *').fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    await form.getByRole('button', { name: 'Добавить' }).click();
    await staff.page.locator('.staff-records').getByText('3 000,50 ₽').first().waitFor();
    await maybeScreenshot(staff.page, 'staff-records');
    // A wrong amount is refused next to its field, in Russian.
    await form.getByLabel('Вид *').selectOption({ label: 'Членский взнос' });
    await form.getByLabel('Сумма *').fill('три тысячи');
    await form.getByLabel('Срок оплаты *').fill('2026-01-10');
    await form.getByRole('button', { name: 'Добавить' }).click();
    await form.getByText('Сумма — целое число копеек').waitFor();

    const member = await browser();
    await signInThroughForm(member.page, portal.url, 'member@example.org');
    await member.page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Платежи' }).click();
    await member.page.getByText('Целевой взнос — 3 000,50 ₽', { exact: false }).waitFor();
  });

  it('a member fills a report section with a signed document and sends it, staff return it with a remark; the registry extract it gets checks out on the public page', async () => {
    const { workDir, makeCertificate, signFile } = await import('../server/signatures-support');
    const dir = workDir();
    const report = Buffer.from('%PDF-1.4\n% сведения о договорах\n%%EOF\n');
    const sig = signFile(dir, report, makeCertificate(dir));

    const member = await browser();
    await signInThroughForm(member.page, portal.url, 'member@example.org');
    await member.page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Отчёт за текущий год' }).click();
    await member.page.getByRole('heading', { name: /Отчёт о деятельности за \d{4} год/ }).waitFor();
    const section = member.page.locator('.report-section').nth(1);
    await section.locator('input[type=file]').first().setInputFiles({ name: 'договоры.pdf', mimeType: 'application/pdf', buffer: report });
    await section.getByText('договоры.pdf').waitFor();
    await section.locator('input[type=file]').first().setInputFiles({ name: 'договоры.pdf.sig', mimeType: 'application/pkcs7-signature', buffer: sig });
    await section.getByText('хэш совпадает с файлом', { exact: false }).waitFor();
    await section.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await section.getByText('Сохранено: СРО не видит черновик', { exact: false }).waitFor();
    await section.getByText('Черновик', { exact: true }).waitFor();
    await section.getByRole('button', { name: 'Сохранить и отправить' }).click();
    await member.page.getByLabel('Пароль от личного кабинета').fill('demo-password-1');
    await member.page.getByRole('button', { name: 'Подписать и отправить' }).click();
    await section.getByText('Раздел отправлен в СРО.').waitFor();
    await section.getByText('Отправлен', { exact: true }).waitFor();
    await maybeScreenshot(member.page, 'annual-report');

    // The expert finds it in the members × sections table and sends it back with a remark; the member sees it.
    const expert = await browser();
    await signInThroughForm(expert.page, portal.url, 'expert@example.org');
    await expert.page.getByRole('heading', { name: 'Общий входящий' }).waitFor();
    await expert.page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Отчёты членов' }).click();
    await expert.page.getByRole('row', { name: /СтройМонтаж/ }).getByRole('link', { name: 'Отправлен' }).click();
    await expert.page.getByRole('button', { name: 'Вернуть с замечанием' }).click();
    await expert.page.getByLabel('Замечание к разделу').fill('Приложите договор № 15');
    await expert.page.locator('.reject-form').getByRole('button', { name: 'Вернуть с замечанием' }).click();
    await expert.page.getByText('Приложите договор № 15').first().waitFor();
    await member.page.reload();
    await member.page.locator('.report-section').nth(1).getByText('Замечание СРО: Приложите договор № 15').waitFor();

    // The member asks for an extract; the expert issues it in one click; the QR link checks out without sign-in.
    const { signIn } = await import('../support/http');
    const api = await signIn(portal.url, 'member@example.org');
    const thread = await api.post('/api/threads', { kind: 'registry_extract', form: { copies: 1, delivery: 'electronic' }, body: 'Для тендера' });
    await expert.page.goto(`${portal.url}/inbox/${thread.body.id}`);
    await expert.page.getByRole('button', { name: 'Выдать выписку' }).click();
    await expert.page.getByRole('link', { name: /Выписка_.*\.pdf$/ }).waitFor();
    await member.page.goto(`${portal.url}/threads/${thread.body.id}`);
    const message = member.page.locator('.msg', { hasText: 'Проверить подлинность' });
    await message.getByRole('link', { name: /Выписка_.*\.pdf\.p7s/ }).waitFor();
    await member.page.getByText(/Подписано ПЭП: Сергей Директоров/).waitFor();
    const verifyUrl = (await message.locator('.msg__body').innerText()).match(/http\S+\/verify\/[\w-]+/)![0];
    const visitor = await browser({ width: 390, height: 800 });
    await visitor.page.goto(verifyUrl);
    await visitor.page.getByText('Выписка подлинная и действует').waitFor();
    await visitor.page.getByText('7701234560', { exact: false }).waitFor();
    await maybeScreenshot(visitor.page, 'verify-extract');
  });

  it('staff publish an SRO event: it rings the member\'s bell live and sits on its day in the month view', async () => {
    const member = await browser({ width: 1366, height: 900 });
    await signInThroughForm(member.page, portal.url, 'member@example.org');
    await member.page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Календарь' }).click();
    await member.page.getByRole('button', { name: 'Месяц', exact: true }).waitFor();
    const bell = member.page.getByRole('button', { name: /^Уведомления: \d+/ });
    const before = Number((await bell.getAttribute('aria-label'))!.split(': ')[1]);
    const { signIn } = await import('../support/http');
    const admin = await signIn(portal.url, 'admin@example.org');
    const day = new Date(Date.now() + 3 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
    expect((await admin.post('/api/admin/events', { title: 'Общее собрание членов СРО', date: day, time: '11:00', place: 'Москва, ул. Строителей, 1' })).status).toBe(201);
    await member.page.getByRole('button', { name: `Уведомления: ${before + 1}` }).waitFor();
    await member.page.reload(); // the month shows what the server has now
    await member.page.locator('.month').getByRole('link', { name: 'Общее собрание членов СРО' }).waitFor().catch(async () => {
      // The event may fall in the next month (published on the last day of this one).
      await member.page.getByRole('button', { name: 'Следующий месяц' }).click();
      await member.page.locator('.month').getByRole('link', { name: 'Общее собрание членов СРО' }).waitFor();
    });
    await maybeScreenshot(member.page, 'calendar-month');
  });

  it('the admin makes a day a day off in the production calendar; the member\'s month shows it off', async () => {
    const admin = await browser({ width: 1366, height: 900 });
    await signInThroughForm(admin.page, portal.url, 'admin@example.org');
    await admin.page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Настройки' }).click();
    const block = admin.page.getByRole('region', { name: 'Производственный календарь' });
    await block.getByText('По умолчанию').waitFor();
    // The first working weekday of this month (Moscow): in the month the member opens.
    const now = new Date(Date.now() + 3 * 3600_000);
    const { WorkCalendar } = await import('../../server/src/calendar/production-calendar');
    const calendar = new WorkCalendar();
    let day = 1;
    const key = (d: number) => `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    while (!calendar.isWorkingDay(key(day))) day++;
    await block.getByLabel('Нерабочие дни (кроме суббот и воскресений): Добавить').fill(key(day));
    await block.getByRole('button', { name: 'Добавить' }).first().click();
    await block.getByText('Год настроен СРО').waitFor();
    await maybeScreenshot(admin.page, 'production-calendar');

    const member = await browser({ width: 1366, height: 900 });
    await signInThroughForm(member.page, portal.url, 'member@example.org');
    await member.page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Календарь' }).click();
    await member.page.getByRole('button', { name: 'Месяц', exact: true }).click();
    const cell = member.page.locator('.month td', { has: member.page.locator('.month__day', { hasText: new RegExp(`^${day}$`) }) }).first();
    await expect.poll(async () => (await cell.getAttribute('class')) ?? '').toContain('month__off');
    // A working day next to it stays working.
    let working = day + 1;
    while (!calendar.isWorkingDay(key(working))) working++;
    const other = member.page.locator('.month td', { has: member.page.locator('.month__day', { hasText: new RegExp(`^${working}$`) }) }).first();
    expect((await other.getAttribute('class')) ?? '').not.toContain('month__off');
  });

  it('a linked document is named by its number and title, not an id', async () => {
    const memberApi = await signIn(portal.url, 'member@example.org');
    const expertApi = await signIn(portal.url, 'expert@example.org');
    const make = async (body: object) => (await memberApi.post('/api/threads', body)).body;
    const extract = await make({ kind: 'registry_extract', form: { copies: 1, delivery: 'electronic' } });
    const question = await make({ kind: 'general', form: { topic: 'Выписка для тендера' }, body: 'Нужна ли подпись?' });
    const registered = await expertApi.patch(`/api/threads/${extract.id}`, { status: 'registered' });
    expect((await expertApi.post(`/api/threads/${question.id}/links`, { threadId: extract.id })).status).toBeLessThan(300);

    const { page } = await browser();
    await signInThroughForm(page, portal.url, 'member@example.org');
    await page.getByRole('navigation', { name: 'Меню' }).waitFor();
    await page.goto(`${portal.url}/threads/${question.id}`);
    await page.getByRole('link', { name: `↗ № ${registered.body.regNumber} «Выписка из реестра членов СРО»` }).waitFor();
  });

  it('an expert on a phone: a thread opens as its own screen at the top, and ← goes back to the list', async () => {
    const { page } = await browser({ width: 390, height: 844 });
    await signInThroughForm(page, portal.url, 'expert@example.org');
    const first = page.locator('.inbox__items li a').first();
    await first.waitFor();
    await first.click();
    const composer = page.getByLabel('Сообщение');
    await composer.waitFor();
    // The conversation starts on the first screen, not ~2 700 px below the list.
    const heading = await page.locator('.inbox__thread h1').first().boundingBox();
    expect(heading!.y).toBeLessThan(844);
    expect(await page.locator('.inbox__list').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await page.getByRole('link', { name: '← Ко всем обращениям' }).click();
    await page.locator('.inbox__items li a').first().waitFor();
    expect(await page.locator('.inbox__thread').isVisible()).toBe(false);
  });

  it('a search result stays listed through a live update the page cannot judge: the list asks the server again', async () => {
    const memberApi = await signIn(portal.url, 'member@example.org');
    const expertApi = await signIn(portal.url, 'expert@example.org');
    const created = (await memberApi.post('/api/threads', { kind: 'general', form: { topic: 'Перерасчёт взноса Зюзино' }, body: 'Прошу пересчитать' })).body;
    const { page } = await browser();
    await signInThroughForm(page, portal.url, 'expert@example.org');
    await page.getByRole('search').getByRole('searchbox').fill('зюзин');
    await page.getByRole('search').getByRole('button', { name: 'Поиск' }).click();
    const item = page.locator('.inbox__items li', { hasText: 'Перерасчёт взноса Зюзино' });
    await item.waitFor();
    expect(await page.locator('.inbox__items li').count()).toBe(1);
    // The expert's colleague registers it: the update arrives live and the searched list keeps it, updated.
    expect((await expertApi.patch(`/api/threads/${created.id}`, { status: 'registered' })).status).toBe(200);
    await item.getByText('Зарегистрировано').waitFor();
    expect(await page.locator('.inbox__items li').count()).toBe(1);
  });
});
