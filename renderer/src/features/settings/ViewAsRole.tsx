// "View as role" (测试和调整): which menus and actions a role would see, without logging in as it.
import { Alert, Card, Col, List, Row, Select, Space, Tag } from 'antd';
import { CheckCircleTwoTone, MinusCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoleLabel } from '../../lib/shippedLabel';
import { invoke } from '../../lib/api';
import { ROUTES, isRouteVisible } from '../../app/routes';
import { PREVIEW_ACTIONS } from './permissionGroups';

export function ViewAsRole() {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const roles = useQuery({ queryKey: ['roles:list'], queryFn: () => invoke('roles:list') });
  const [roleId, setRoleId] = useState<number | null>(null);
  const role = roles.data?.roles.find((r) => r.id === roleId) ?? roles.data?.roles[roles.data.roles.length - 1];
  const perms = role?.permissions ?? [];
  const mark = (on: boolean, yes: string, no: string) =>
    on ? (
      <Tag icon={<CheckCircleTwoTone twoToneColor="#52c41a" />} color="success">
        {yes}
      </Tag>
    ) : (
      <Tag icon={<MinusCircleOutlined />}>{no}</Tag>
    );
  return (
    <div data-testid="view-as-role">
      <Space style={{ marginBottom: 12 }}>
        {t('settings.preview.role')}
        <Select style={{ width: 200 }} value={role?.id} onChange={setRoleId} options={(roles.data?.roles ?? []).map((r) => ({ value: r.id, label: roleLabel(r.name) }))} data-testid="preview-role" />
      </Space>
      <Alert type="info" showIcon title={t('settings.preview.intro')} style={{ marginBottom: 12 }} />
      {role && <Alert type="warning" title={role.scope === 'own' ? t('settings.preview.scopeOwn') : t('settings.preview.scopeAll')} style={{ marginBottom: 12 }} data-testid="preview-scope" />}
      <Row gutter={16}>
        <Col span={10}>
          <Card size="small" title={t('settings.preview.menus')}>
            <List
              size="small"
              dataSource={ROUTES}
              renderItem={(r) => {
                const on = isRouteVisible(r, perms);
                return (
                  <List.Item data-testid={`preview-menu-${r.path.slice(1) || 'home'}`} data-visible={on ? 'true' : 'false'} style={{ opacity: on ? 1 : 0.55 }}>
                    <Space>
                      {r.icon}
                      {t(r.labelKey)}
                    </Space>
                    {mark(on, t('settings.preview.visible'), t('settings.preview.hidden'))}
                  </List.Item>
                );
              }}
            />
          </Card>
        </Col>
        <Col span={14}>
          <Card size="small" title={t('settings.preview.actions')}>
            <List
              size="small"
              dataSource={PREVIEW_ACTIONS}
              renderItem={(p) => {
                const on = perms.includes(p);
                return (
                  <List.Item data-testid={`preview-action-${p}`} data-allowed={on ? 'true' : 'false'} style={{ opacity: on ? 1 : 0.55 }}>
                    {t(`permActions.${p}`)}
                    {mark(on, t('settings.preview.allowed'), t('settings.preview.denied'))}
                  </List.Item>
                );
              }}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
