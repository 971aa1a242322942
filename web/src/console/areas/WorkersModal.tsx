import type { AreaDetail, PersonRef } from '@doorstep/contract';
import { App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { UserSelect } from '../../ui/UserSelect';
import { useSubmit } from '../../ui/useSubmit';
import { areaApi, refreshAreas } from './areas.api';

interface Values {
  leadUserId?: string | null;
  memberUserIds: string[];
}

/** 一格一员: one lead grid worker per grid, plus members, found by name or phone. */
export function WorkersModal({ area, onClose }: { area: AreaDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const submit = useSubmit(refreshAreas);
  const lead = area.members.find((m) => m.role === 'lead');
  const members = area.members.filter((m) => m.role === 'member');
  const known: PersonRef[] = area.members;

  const save = async (v: Values) => {
    const ok = await submit.run(async () => {
      await areaApi.assignWorkers(area.id, {
        leadUserId: v.leadUserId ?? null,
        memberUserIds: (v.memberUserIds ?? []).filter((id) => id !== v.leadUserId),
      });
      await refreshAreas();
    });
    if (ok) {
      message.success(t('console.areas.workersSaved'));
      onClose();
    }
  };

  return (
    <Modal
      open
      title={t('console.areas.workers.title', { name: area.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={submit.busy}
      mask={{ closable: false }}
      width={560}
    >
      <p className="ds-muted">{t('console.areas.workers.intro')}</p>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ leadUserId: lead?.userId ?? null, memberUserIds: members.map((m) => m.userId) }}
      >
        <Form.Item name="leadUserId" label={t('console.areas.workers.lead')}>
          <UserSelect known={known} placeholder={t('console.areas.workers.searchPlaceholder')} allowClear />
        </Form.Item>
        <Form.Item name="memberUserIds" label={t('console.areas.workers.members')}>
          <UserSelect known={known} multiple placeholder={t('console.areas.workers.searchPlaceholder')} />
        </Form.Item>
      </Form>
      <ErrorAlert error={submit.error} />
    </Modal>
  );
}
