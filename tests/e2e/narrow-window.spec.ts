// A 1024 px window in English: the header keeps the user's name and role on one line inside it (review,
// session 17: "王老 / 板" and "Administrat / or" wrapped and spilled out of the header on every page).
import { test, expect, openAsAdmin } from './support/fixtures';

test.use({ viewport: { width: 1024, height: 700 } });

test('the header fits a 1024 px window in English and in Chinese', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  for (const lang of ['English', '中文']) {
    await page.getByTestId('language-switch').getByText(lang, { exact: true }).click();
    await expect(page.getByTestId('nav-customers')).toHaveText(lang === 'English' ? 'Customers' : '客户');
    const header = (await page.locator('.ant-layout-header').boundingBox())!;
    for (const id of ['current-user', 'current-role', 'global-search']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.height, `${id} (${lang}) is one line`).toBeLessThan(40);
      expect(box.y, `${id} (${lang}) starts inside the header`).toBeGreaterThanOrEqual(header.y);
      expect(box.y + box.height, `${id} (${lang}) ends inside the header`).toBeLessThanOrEqual(header.y + header.height);
      expect(box.x + box.width, `${id} (${lang}) inside the window`).toBeLessThanOrEqual(1024);
    }
  }
  await page.screenshot({ path: test.info().outputPath('header-1024.png') });
});

test.describe('at 1360 px', () => {
  test.use({ viewport: { width: 1360, height: 800 } });

  // review, session 17: in English the customer list's toolbar took two rows (Export and New customer wrapped)
  test("the customer list's toolbar is one row in English and in Chinese; the search box gives way first", async ({ page, harness }) => {
    await openAsAdmin(page, harness);
    await page.getByTestId('nav-customers').click();
    for (const lang of ['English', '中文']) {
      await page.getByTestId('language-switch').getByText(lang, { exact: true }).click();
      await expect(page.getByTestId('customer-create')).toHaveText(lang === 'English' ? 'New customer' : '新建客户');
      // measured once the layout has settled (antd animates an input's size)
      await expect(async () => {
        // the box around the input (prefix icon, clear button): the testid is on the <input> inside it
        const search = (await page.locator('.ant-input-affix-wrapper').filter({ has: page.getByTestId('customer-search') }).boundingBox())!;
        const create = (await page.getByTestId('customer-create').boundingBox())!;
        expect(Math.abs(create.y + create.height / 2 - (search.y + search.height / 2)), `the toolbar (${lang}) is one row`).toBeLessThan(4);
        expect(create.x + create.width, `New customer (${lang}) inside the window`).toBeLessThanOrEqual(1360);
        expect(search.width, `the search box (${lang}) keeps a usable width`).toBeGreaterThanOrEqual(lang === 'English' ? 150 : 290);
      }).toPass();
      await page.screenshot({ path: test.info().outputPath(`customers-toolbar-1360-${lang}.png`) });
    }
  });
});
