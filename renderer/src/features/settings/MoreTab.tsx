// Links to the settings-like pages that live on their own routes (backup, audit, automation, stages, fields).
import { Card, Col, Row, Typography } from 'antd';
import { AuditOutlined, CloudDownloadOutlined, FormOutlined, NodeIndexOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Permission } from '@contract/permissions';
import { useSession } from '../../app/session';

interface Link {
  key: string;
  path: string;
  icon: ReactNode;
  permission: Permission;
}

export const SETTINGS_LINKS: Link[] = [
  { key: 'backup', path: '/backup', icon: <CloudDownloadOutlined />, permission: 'backup.manage' },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, permission: 'audit.view' },
  { key: 'automation', path: '/automation', icon: <ThunderboltOutlined />, permission: 'settings.manage' },
  { key: 'stages', path: '/deals/stages', icon: <NodeIndexOutlined />, permission: 'settings.manage' },
  { key: 'fields', path: '/settings/fields', icon: <FormOutlined />, permission: 'settings.manage' },
];

export function MoreTab() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const links = SETTINGS_LINKS.filter((l) => session.can(l.permission));
  return (
    <Row gutter={[16, 16]}>
      {links.map((l) => (
        <Col key={l.key} xs={24} sm={12} lg={8}>
          <Card hoverable style={{ height: '100%' }} onClick={() => navigate(l.path)} data-testid={`settings-link-${l.key}`}>
            <Card.Meta
              avatar={<span style={{ fontSize: 24, color: '#1668dc' }}>{l.icon}</span>}
              title={t(`settings.more.${l.key}.title`)}
              description={<Typography.Text type="secondary">{t(`settings.more.${l.key}.desc`)}</Typography.Text>}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
