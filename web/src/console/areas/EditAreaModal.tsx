import type { AreaDetail } from '@doorstep/contract';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useSubmit } from '../../ui/useSubmit';
import { PropertyFields, type PropertyValues, toProperties } from './AreaFormFields';
import { codeRules } from './areaCodes';
import { areaApi, refreshAreas } from './areas.api';

type Values = PropertyValues & { name: string; code?: string };

/** Name, code and ledger fields; a stale version reloads and keeps what was typed. */
export function EditAreaModal({ area, onClose }: { area: AreaDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const submit = useSubmit(refreshAreas);
  const save = async (v: Values) => {
    const ok = await submit.run(async () => {
      await areaApi.update(area.id, {
        version: area.version,
        name: v.name.trim(),
        code: v.code?.trim() || null,
        properties: toProperties(v),
      });
      await refreshAreas();
    });
    if (ok) {
      message.success(t('console.areas.saved'));
      onClose();
    }
  };
  return (
    <Modal
      open
      title={t('console.areas.edit.title', { kind: t(`kinds.${area.kind}`), name: area.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={submit.busy}
      mask={{ closable: false }}
      width={620}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ name: area.name, code: area.code ?? undefined, ...area.properties }}
      >
        <Form.Item
          name="name"
          label={t('console.areas.fields.name')}
          rules={[{ required: true, whitespace: true, message: t('console.areas.validation.nameRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('console.areas.fields.code')}
          // The server also checks the parent-code prefix; the form checks the shape.
          rules={codeRules(area.kind, null, t)}
          validateFirst
        >
          <Input maxLength={32} inputMode="text" />
        </Form.Item>
        <PropertyFields kind={area.kind} />
      </Form>
      <ErrorAlert error={submit.error} />
    </Modal>
  );
}
