import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** An honest empty state for a page whose feature has not been built yet (no fake data). */
export function NotBuilt({ pageKey }: { pageKey: string }) {
  const { t } = useTranslation();
  return <Result status="info" title={t('notBuilt.title', { page: t(pageKey) })} subTitle={t('notBuilt.body')} data-testid="not-built" />;
}
