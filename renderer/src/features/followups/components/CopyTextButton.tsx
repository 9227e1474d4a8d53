// "Copy as email/SMS text": the app is offline and cannot send either, so it prepares the text, says so
// plainly, and copies it to the clipboard for the user to paste into their mail program or phone.
import { App, Button, Input, Popover, Space, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../app/session';

export interface CopySource {
  customerName: string | null;
  contactName?: string | null;
  /** the reminder's content or the follow-up's next step / content */
  text: string;
  when?: string | null;
}

export function buildMessages(src: CopySource, t: (k: string, o?: Record<string, unknown>) => string, userName: string) {
  const name = src.contactName || src.customerName || '';
  const subject = t('copyText.emailSubject', { customer: src.customerName ?? '' });
  const email = [`${subject}`, '', name ? t('copyText.greeting', { name }) : '', '', src.text, '', t('copyText.signature', { user: userName })]
    .filter((l, i, a) => !(l === '' && a[i - 1] === ''))
    .join('\n')
    .trim();
  const sms = `${name ? `${name}，` : ''}${src.text}${userName ? ` —${userName}` : ''}`;
  return { email, sms };
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // clipboard API refused (no permission / not focused): the old way
    const ta = document.createElement('textarea');
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

export function CopyTextButton({ source, size = 'small', iconOnly = false }: { source: CopySource; size?: 'small' | 'middle'; iconOnly?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [open, setOpen] = useState(false);
  const { email, sms } = buildMessages(source, t, session.user?.displayName ?? '');
  const doCopy = async (text: string) => {
    if (await copy(text)) void message.success(t('copyText.copied'));
    else void message.error(t('copyText.failed'));
  };
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={t('copyText.button')}
      content={
        <Space direction="vertical" style={{ width: 360 }} data-testid="copy-text-popover">
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="copy-text-offline-note">
            {t('copyText.offline')}
          </Typography.Paragraph>
          <Input.TextArea value={email} readOnly autoSize={{ minRows: 3, maxRows: 8 }} data-testid="copy-text-email" />
          <Space>
            <Button type="primary" icon={<CopyOutlined />} onClick={() => void doCopy(email)} data-testid="copy-email">
              {t('copyText.email')}
            </Button>
            <Button icon={<CopyOutlined />} onClick={() => void doCopy(sms)} data-testid="copy-sms">
              {t('copyText.sms')}
            </Button>
          </Space>
        </Space>
      }
    >
      <Button size={size} icon={<CopyOutlined />} data-testid="copy-text" type={iconOnly ? 'text' : undefined} title={t('copyText.button')} aria-label={t('copyText.button')}>
        {iconOnly ? null : t('copyText.button')}
      </Button>
    </Popover>
  );
}
