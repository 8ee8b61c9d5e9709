import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { createDashboardWorld, type DashboardWorld } from './world';

// The list views' controls in a real browser: everything lives in the URL,
// so links, reload and Back keep what the partner was looking at.
let w: DashboardWorld;
let page: Page;

beforeAll(async () => {
  w = await createDashboardWorld();
  ({ page } = await w.newPage());
  await w.signIn(page);
}, 180_000);
afterAll(() => w?.close());

const casesTable = () => page.getByRole('table', { name: 'Cases' });
const rows = () => casesTable().locator('tbody tr');
const search = () => new URL(page.url()).searchParams;
const columnTexts = (index: number) =>
  rows().evaluateAll(
    (trs, i) =>
      trs.map(
        (tr) => (tr as unknown as { cells: { textContent: string }[] }).cells[i]!.textContent,
      ),
    index,
  );

/** The cases list once the response for `param=value` has been drawn. */
async function casesFor(action: () => Promise<unknown>, param: string) {
  const response = page.waitForResponse(
    (res) => /\/dashboard\/api\/cases\?/.test(res.url()) && res.url().includes(param),
  );
  await action();
  await response;
  await drawn();
}

/** The table once it shows the current params' rows, not the previous ones kept while loading. */
const drawn = () => casesTable().and(page.locator(':not([aria-busy])')).waitFor();

async function openCases(query = '', { rows: expectRows = true } = {}) {
  const response = page.waitForResponse((res) => /\/dashboard\/api\/cases(\?|$)/.test(res.url()));
  await page.goto(`/dashboard/cases${query}`);
  await response;
  if (expectRows) await rows().first().waitFor();
  await drawn();
}

describe('the Cases list', () => {
  it('searches as you type, replacing the URL (no history entry per keystroke)', async () => {
    await openCases();
    const reference = (await casesTable().getByRole('link').nth(3).textContent())!;
    const before = await page.evaluate('history.length');
    await casesFor(
      () => page.getByLabel('Search cases').pressSequentially(reference),
      `search=${reference}`,
    );
    expect(search().get('search')).toBe(reference);
    expect(await rows().count()).toBe(1);
    expect(await casesTable().getByRole('link').textContent()).toBe(reference);
    expect(await page.evaluate('history.length')).toBe(before);
  });

  it('shows a designed empty state whose action clears the filters', async () => {
    await openCases('?search=no-such-case-anywhere', { rows: false });
    await page.getByText('No cases match these filters').waitFor();
    // The unfiltered list may come from the cache: wait on what is drawn.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await rows().nth(19).waitFor();
    expect(search().get('search')).toBeNull();
    expect(await page.getByLabel('Search cases').inputValue()).toBe('');
    expect(await rows().count()).toBe(20);
  });

  it('sorts by a column header, marking it with aria-sort, both ways', async () => {
    await openCases();
    const header = casesTable().getByRole('columnheader', { name: 'Invoice amount' });
    expect(await header.getAttribute('aria-sort')).toBe('none');
    await casesFor(() => header.getByRole('button').click(), 'sort=amount');
    // desc is the default order, so the URL leaves it out.
    expect(search().get('order') ?? 'desc').toBe('desc');
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(
      await casesTable().getByRole('columnheader', { name: 'Created' }).getAttribute('aria-sort'),
    ).toBe('none');
    await casesFor(() => header.getByRole('button').click(), 'order=asc');
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
  });

  it('filters by status tab, marked as current; Back returns to All', async () => {
    await openCases();
    const tabs = page.getByRole('navigation', { name: 'Case status' });
    await casesFor(() => tabs.getByRole('link', { name: /^Pending/ }).click(), 'tab=pending');
    expect(await tabs.getByRole('link', { name: /^Pending/ }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(await tabs.getByRole('link', { name: /^All/ }).getAttribute('aria-current')).toBeNull();
    expect(new Set(await columnTexts(4))).toEqual(new Set(['Pending']));
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('tab'));
    await tabs
      .getByRole('link', { name: /^All/, exact: false })
      .and(page.locator('[aria-current="page"]'))
      .waitFor();
  });

  it('pages with Next, keeps the page on reload, and Back goes to page 1', async () => {
    await openCases();
    const first = await casesTable().getByRole('link').first().textContent();
    await casesFor(() => page.getByRole('button', { name: 'Next' }).click(), 'page=2');
    await page.getByText(/^Page 2 of \d+$/).waitFor();
    expect(await casesTable().getByRole('link').first().textContent()).not.toBe(first);
    await casesFor(() => page.reload(), 'page=2');
    await page.getByText(/^Page 2 of \d+$/).waitFor();
    expect(await casesTable().getByRole('link').first().textContent()).not.toBe(first);
    await page.goBack();
    await page.getByText(/^Page 1 of \d+$/).waitFor();
    await drawn();
    expect(await casesTable().getByRole('link').first().textContent()).toBe(first);
  });

  it('filters by a date range of creation', async () => {
    await openCases();
    const dates = (await columnTexts(6)).map((d) => new Date(`${d} UTC`));
    const from = dates[5]!.toISOString().slice(0, 10);
    const to = dates[1]!.toISOString().slice(0, 10);
    await casesFor(() => page.getByLabel('Created from').fill(from), `from=${from}`);
    await casesFor(() => page.getByLabel('to', { exact: true }).fill(to), `to=${to}`);
    const shown = (await columnTexts(6)).map((d) =>
      new Date(`${d} UTC`).toISOString().slice(0, 10),
    );
    expect(shown.length).toBeGreaterThanOrEqual(5);
    for (const day of shown) {
      expect(day >= from && day <= to).toBe(true);
    }
  });

  it('falls back to defaults on bad URL params, keeping the good ones', async () => {
    await openCases('?page=abc&tab=bogus&sort=amount&order=sideways');
    await page.getByText(/^Page 1 of \d+$/).waitFor();
    const header = casesTable().getByRole('columnheader', { name: 'Invoice amount' });
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const tabs = page.getByRole('navigation', { name: 'Case status' });
    expect(await tabs.getByRole('link', { name: /^All/ }).getAttribute('aria-current')).toBe(
      'page',
    );
  });

  it('exports the current filter as CSV', async () => {
    await openCases('?tab=active');
    const total = Number(
      /of (\d+) cases/.exec((await page.getByText(/of \d+ cases/).textContent())!)![1],
    );
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^Reference,Client,Debtor,Amount/);
    expect(lines).toHaveLength(total + 1);
    expect(lines.slice(1).every((line) => line.includes(',active,'))).toBe(true);
  });

  it('says the export is capped when the filter matches more than 1,000 rows', async () => {
    await page.route(/\/dashboard\/api\/cases\?/, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { total: number };
      await route.fulfill({ response, json: { ...body, total: 1500 } });
    });
    await openCases('?tab=closed');
    await page.getByText('The export holds the first 1,000 of 1,500 rows.').waitFor();
    await page.unroute(/\/dashboard\/api\/cases\?/);
  });

  it('is keyboard-usable: skip link to the content, Enter on a reference opens the case', async () => {
    await openCases();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(
      await skip.evaluate(
        (el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement,
      ),
    ).toBe(true);
    const link = casesTable().getByRole('link').first();
    const reference = (await link.textContent())!;
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: reference }).waitFor();
  });

  it('opens a case from its row, and Back to cases keeps the list’s params', async () => {
    await openCases('?tab=active&page=2');
    const reference = (await casesTable().getByRole('link').first().textContent())!;
    await rows().first().locator('td').nth(2).click();
    await page.getByRole('heading', { level: 1, name: reference }).waitFor();
    expect(search().get('tab')).toBe('active');
    await page.getByRole('link', { name: 'Back to cases' }).click();
    await page.getByText(/^Page 2 of \d+$/).waitFor();
    expect(search().get('tab')).toBe('active');
    expect(search().get('page')).toBe('2');
  });
});

describe('the Earnings list', () => {
  it('shows what can be invoiced, links to the Ready to invoice tab and downloads the invoice CSV', async () => {
    await page.goto('/dashboard/earnings');
    const panel = page.getByRole('region', { name: 'What you can invoice now' });
    await panel.getByRole('link', { name: 'Download invoice CSV' }).waitFor();
    const sentence = (await panel.getByText(/ready to invoice, in US dollars/).textContent())!;
    const count = Number(/^(\d+) fees? ready/.exec(sentence)![1]);
    const download = page.waitForEvent('download');
    await panel.getByRole('link', { name: 'Download invoice CSV' }).click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    expect(csv.trim().split(/\r?\n/)).toHaveLength(count + 1);

    await panel.getByRole('link', { name: 'Show them' }).click();
    await page.waitForURL(/tab=ready_to_invoice/);
    const fees = page.getByRole('table', { name: 'Referral fees' });
    await fees.locator('tbody tr').first().waitFor();
    expect(await fees.locator('tbody tr').count()).toBe(Math.min(count, 20));
  });

  it('has the chart’s numbers as a table', async () => {
    await page.goto('/dashboard/earnings');
    await page.getByText('Show the numbers as a table').click();
    const table = page.getByRole('table', { name: 'Fees in US dollars by month and stage' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
  });
});

describe('a list that cannot load', () => {
  it('says so with a Retry that loads it, never a blank table', async () => {
    let failing = true;
    await page.route(/\/dashboard\/api\/clients\?/, (route) =>
      failing
        ? route.fulfill({
            status: 503,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'about:blank',
              title: 'Unavailable',
              status: 503,
              detail: 'down',
            }),
          })
        : route.continue(),
    );
    await page.goto('/dashboard/clients?search=Bau');
    const alert = page.getByRole('alert');
    await alert.getByText('This could not be loaded').waitFor();
    failing = false;
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('table', { name: 'Clients' }).locator('tbody tr').first().waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.unroute(/\/dashboard\/api\/clients\?/);
  });
});

describe('the Clients list', () => {
  it('filters to unsigned SDCAs', async () => {
    await page.goto('/dashboard/clients?tab=unsigned_sdca');
    const table = page.getByRole('table', { name: 'Clients' });
    await table.locator('tbody tr').first().waitFor();
    const badges = await table.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(new Set(badges)).toEqual(new Set(['SDCA not signed']));
  });
});
