import { type AreaDetail, type AreaKind, CHILD_KINDS } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useSubmit } from '../../ui/useSubmit';
import { PropertyFields, type PropertyValues, toProperties } from './AreaFormFields';
import { codeHint, codeRules, suggestCode } from './areaCodes';
import { areaApi, childrenQuery, refreshAreas } from './areas.api';

type Values = PropertyValues & { kind: AreaKind; name: string; code?: string };

/** New 社区/网格/小区/楼栋 under the selected node, with the GB/T 30428.1 code hint and a suggestion. */
export function AddChildModal({
  parent,
  onClose,
  onCreated,
}: {
  parent: AreaDetail;
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const kinds = CHILD_KINDS[parent.kind];
  const kind = Form.useWatch('kind', form) ?? kinds[0]!;
  const siblings = useQuery(childrenQuery(parent.id, true)).data ?? [];
  const suggestion = suggestCode(kind, parent.code, siblings);
  const submit = useSubmit(refreshAreas);

  const save = async (v: Values) => {
    let id = 0;
    const ok = await submit.run(async () => {
      id = (
        await areaApi.create({
          parentId: parent.id,
          kind: v.kind,
          name: v.name.trim(),
          code: v.code?.trim() || null,
          properties: toProperties(v),
        })
      ).id;
      await refreshAreas();
    });
    if (ok) {
      message.success(t('console.areas.created', { name: v.name.trim() }));
      onCreated(id);
    }
  };

  return (
    <Modal
      open
      title={t('console.areas.add.title', { name: parent.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={submit.busy}
      mask={{ closable: false }}
      width={620}
    >
      <Form<Values> form={form} layout="vertical" onFinish={save} initialValues={{ kind: kinds[0] }}>
        <Form.Item name="kind" label={t('console.areas.add.kind')} rules={[{ required: true }]}>
          <Select
            options={kinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            onChange={() => form.validateFields(['code']).catch(() => undefined)}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('console.areas.fields.name')}
          rules={[{ required: true, whitespace: true, message: t('console.areas.validation.nameRequired') }]}
        >
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('console.areas.fields.code')}
          rules={codeRules(kind, parent.code, t)}
          extra={
            <span className="ds-code-hint">
              {codeHint(kind, parent.code, t)}
              {suggestion && (
                <>
                  {' · '}
                  {t('console.areas.add.suggested', { code: suggestion })}{' '}
                  <Button
                    type="link"
                    size="small"
                    className="ds-inline-link"
                    onClick={() => form.setFieldValue('code', suggestion)}
                  >
                    {t('console.areas.add.useSuggested')}
                  </Button>
                </>
              )}
            </span>
          }
        >
          <Input maxLength={32} placeholder={suggestion ?? undefined} />
        </Form.Item>
        <PropertyFields kind={kind} />
      </Form>
      <ErrorAlert error={submit.error} />
    </Modal>
  );
}
