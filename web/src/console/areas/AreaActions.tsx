import {
  DragOutlined,
  EditOutlined,
  InboxOutlined,
  PlusOutlined,
  RollbackOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { type AreaDetail, CHILD_KINDS } from '@doorstep/contract';
import { App, Button, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { areaApi, refreshAreas } from './areas.api';

export type AreaModal = 'edit' | 'add' | 'move' | 'workers';

/** Only the actions the server's policies allow for this node are shown. */
export function AreaActions({ area, onOpen }: { area: AreaDetail; onOpen: (m: AreaModal) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const p = area.policies;
  const a = (k: string) => t(`console.areas.actions.${k}`);

  const toggleArchived = async () => {
    setBusy(true);
    try {
      await areaApi.setArchived(area.id, area.version, !area.archived);
      message.success(t(area.archived ? 'console.areas.restoredDone' : 'console.areas.archivedDone'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.userMessage : t('common.networkError'));
    } finally {
      await refreshAreas();
      setBusy(false);
    }
  };

  const confirm = area.archived ? 'restoreConfirm' : 'archiveConfirm';
  return (
    <Space wrap size={8} className="ds-area-actions">
      {p.canEdit && !area.archived && (
        <Button icon={<EditOutlined />} onClick={() => onOpen('edit')}>
          {a('edit')}
        </Button>
      )}
      {p.canAddChild && !area.archived && CHILD_KINDS[area.kind].length > 0 && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => onOpen('add')}>
          {a('addChild')}
        </Button>
      )}
      {p.canAssignWorkers && area.kind === 'grid' && !area.archived && (
        <Button icon={<UserSwitchOutlined />} onClick={() => onOpen('workers')}>
          {a('workers')}
        </Button>
      )}
      {p.canMove && !area.archived && (
        <Button icon={<DragOutlined />} onClick={() => onOpen('move')}>
          {a('move')}
        </Button>
      )}
      {p.canArchive && (
        <Popconfirm
          title={t(`console.areas.${confirm}.title`, { name: area.name })}
          description={
            <div className="ds-popconfirm-body">
              {t(`console.areas.${confirm}.body`, { count: area.childCount })}
            </div>
          }
          okText={t(`console.areas.${confirm}.ok`)}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: !area.archived }}
          onConfirm={toggleArchived}
        >
          <Button
            danger={!area.archived}
            icon={area.archived ? <RollbackOutlined /> : <InboxOutlined />}
            loading={busy}
          >
            {a(area.archived ? 'restore' : 'archive')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
