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
