import { Segmented } from 'antd';
import { useSession } from './session';

export function LanguageSwitch() {
  const { locale, setLocale } = useSession();
  return (
    <Segmented
      size="small"
      data-testid="language-switch"
      value={locale}
      onChange={(v) => void setLocale(v as 'zh-CN' | 'en')}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en' },
      ]}
    />
  );
}
