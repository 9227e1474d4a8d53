// /deals: the kanban (default), the list, a deal's page and the stage settings.
import { Button, Segmented, Space, Typography } from 'antd';
import { ArrowLeftOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useNavigate } from 'react-router-dom';
import { useSession } from '../../app/session';
import { CreateDealDialog } from './CreateDealDialog';
import { DealBoard } from './DealBoard';
import { DealList } from './DealList';
import { DealDetail } from './DealDetail';
import { StageSettings } from './StageSettings';
import './deals.css';

function Overview({ view }: { view: 'board' | 'list' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const [creating, setCreating] = useState(false);
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Space size={16}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('deals.title')}
          </Typography.Title>
          <Segmented
            value={view}
            onChange={(v) => navigate(v === 'board' ? '/deals' : '/deals/list')}
            options={[
              { value: 'board', label: <span data-testid="view-board">{t('deals.views.board')}</span> },
              { value: 'list', label: <span data-testid="view-list">{t('deals.views.list')}</span> },
            ]}
          />
        </Space>
        <Space>
          {session.can('settings.manage') ? (
            <Button icon={<SettingOutlined />} onClick={() => navigate('/deals/stages')} data-testid="deals-stage-settings">
              {t('deals.stageSettings')}
            </Button>
          ) : null}
          {session.can('deals.create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="deal-new">
              {t('deals.new')}
            </Button>
          ) : null}
        </Space>
      </Space>
      {view === 'board' ? <DealBoard /> : <DealList />}
      <CreateDealDialog open={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/deals/${id}`)} />
    </div>
  );
}

function StagesRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/deals')}>
        {t('deals.title')}
      </Button>
      <StageSettings />
    </Space>
  );
}

export function DealsPage() {
  return (
    <Routes>
      <Route index element={<Overview view="board" />} />
      <Route path="list" element={<Overview view="list" />} />
      <Route path="stages" element={<StagesRoute />} />
      <Route path=":id" element={<DealDetail />} />
    </Routes>
  );
}
