// An unreadable amount is a field error, never a crash (review, session 17: typing "a" into 金额 threw
// BigInt(NaN) and blanked the whole window); and an error inside one page stays in that page.
import { test, expect, openAsAdmin } from './support/fixtures';
import { chooseOption } from './support/antd';

test('amount boxes: unreadable text is flagged on the field, 1。5 from a Chinese input method is ¥1.50', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  const customer = await harness.invoke<{ id: number }>('customers:create', { name: '宁波海曙文具有限公司', mobile: '13800004321' });
  expect(customer.ok, JSON.stringify(customer)).toBe(true);

  await page.getByTestId('nav-deals').click();
  await expect(page.getByTestId('deal-board')).toBeVisible();
  await page.getByTestId('deal-new').click();
  await page.getByTestId('deal-name').fill('文具年单');
  await chooseOption(page, 'deal-customer-picker', '宁波海曙文具有限公司', { type: '海曙' });
  for (const bad of ['a', '-', '5万', '1.234']) {
    await page.getByTestId('deal-amount').fill(bad);
    await expect(page.getByText('请输入金额，最多两位小数')).toBeVisible();
    await expect(page.getByTestId('deal-amount')).toHaveValue(bad); // what was typed stays, to be corrected
  }
  await expect(page.getByTestId('app-layout')).toBeVisible();
  // the form keeps everything else typed so far
  await expect(page.getByTestId('deal-name')).toHaveValue('文具年单');
  await page.getByTestId('deal-create-submit').click();
  await expect(page.getByText('请输入金额，最多两位小数')).toBeVisible(); // not saved with a bad amount
  await page.getByTestId('deal-amount').fill('1。5');
  await expect(page.getByText('请输入金额，最多两位小数')).toHaveCount(0);
  await page.getByTestId('deal-create-submit').click();
  await expect(page.getByTestId('deal-title')).toHaveText('文具年单');
  await expect(page.getByTestId('deal-amount-view')).toHaveText('¥1.50');

  // the list's amount filters: an unreadable bound is marked and ignored, the list stays
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('view-list').click();
  await expect(page.getByTestId('deal-list')).toBeVisible();
  await page.getByTestId('list-amount-min').fill('a');
  await expect(page.getByTestId('list-amount-min')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('deal-list').getByText('文具年单')).toBeVisible();
  await page.getByTestId('list-amount-min').fill('2');
  await expect(page.getByTestId('list-amount-min')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('deal-list').getByText('文具年单')).toHaveCount(0); // ¥1.50 < ¥2
});

test('an error while drawing one page is shown in that page; the menu and other pages keep working', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  const customer = await harness.invoke<{ id: number }>('customers:create', { name: '温州瓯海鞋业有限公司', mobile: '13800005678' });
  const deal = await harness.invoke<{ id: number }>('deals:create', { name: '鞋材采购', customerId: customer.ok ? customer.value.id : 0, amountFen: 100 });
  expect(deal.ok, JSON.stringify(deal)).toBe(true);
  // an answer the page cannot draw (no deal in it): the page throws while rendering
  await page.route('**/api/invoke', async (route) => {
    const body = route.request().postDataJSON() as { channel?: string } | null;
    if (body?.channel !== 'deals:get') return route.continue();
    await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: {} }) });
  });
  await page.goto(`${harness.url.replace(/#.*$/, '')}#/deals/${deal.ok ? deal.value.id : 0}`);
  await expect(page.getByTestId('page-error')).toBeVisible();
  await expect(page.getByText('这个页面出错了')).toBeVisible();
  await expect(page.getByTestId('page-error-detail')).toContainText('错误信息');
  await expect(page.getByTestId('sidebar')).toBeVisible();
  await expect(page.getByTestId('current-user')).toBeVisible();
  // another page draws normally, and the error is gone
  await page.getByTestId('nav-customers').click();
  await expect(page.getByTestId('page-error')).toHaveCount(0);
  await expect(page.getByText('温州瓯海鞋业有限公司')).toBeVisible();
});
