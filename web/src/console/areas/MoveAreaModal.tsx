import { type AreaDetail, type AreaKind, type AreaNode, CHILD_KINDS } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useSubmit } from '../../ui/useSubmit';
import { KindIcon } from './AreaKind';
import { codeRules } from './areaCodes';
import { areaApi, pathLabel, refreshAreas, searchQuery } from './areas.api';

interface Values {
  parentId: number;
  code?: string;
}

const parentKindsOf = (kind: AreaKind) =>
  (Object.keys(CHILD_KINDS) as AreaKind[]).filter((k) => CHILD_KINDS[k].includes(kind));

/** Picks a new parent by search; a grid moving to another community gets a code under it. */
export function MoveAreaModal({ area, onClose }: { area: AreaDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  const [target, setTarget] = useState<AreaNode | null>(null);
  const submit = useSubmit(refreshAreas);
  const parentKinds = parentKindsOf(area.kind);
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery(searchQuery(term));
  const candidates = (results.data ?? []).filter(
    (a) =>
      parentKinds.includes(a.kind) &&
      !a.archived &&
      a.id !== area.parentId &&
      a.tenantId === area.tenantId &&
      a.path !== area.path &&
      !a.path.startsWith(`${area.path}.`),
  );
  const currentParent = area.ancestors.at(-1);
  const isGrid = area.kind === 'grid';

  const pickTarget = (id: number) => {
    const next = candidates.find((c) => c.id === id) ?? null;
    setTarget(next);
    // Keep the grid's own sequence, under the new community's code.
    if (isGrid && next?.code && area.code && !area.code.startsWith(next.code))
      form.setFieldValue('code', `${next.code}${area.code.slice(-3)}`);
  };

  const save = async (v: Values) => {
    const code = v.code?.trim();
    const ok = await submit.run(async () => {
      await areaApi.move(area.id, {
        version: area.version,
        parentId: v.parentId,
        ...(code && code !== area.code ? { code } : {}),
      });
      await refreshAreas();
    });
    if (ok) {
      message.success(t('console.areas.moved'));
      onClose();
    }
  };

  return (
    <Modal
      open
      title={t('console.areas.move.title', { name: area.name })}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={submit.busy}
      mask={{ closable: false }}
      width={560}
    >
      {currentParent && (
        <p className="ds-muted">{t('console.areas.move.current', { name: currentParent.name })}</p>
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ code: area.code ?? undefined }}
      >
        <Form.Item
          name="parentId"
          label={t('console.areas.move.target')}
          rules={[{ required: true, message: t('console.areas.validation.targetRequired') }]}
          extra={t('console.areas.move.targetHelp', {
            kinds: parentKinds.map((k) => t(`kinds.${k}`)).join(' / '),
          })}
        >
          <Select<number>
            showSearch={{ filterOption: false, onSearch: setText }}
            placeholder={t('console.areas.move.targetPlaceholder')}
            notFoundContent={
              term ? results.isFetching ? <Spin size="small" /> : t('console.areas.searchEmpty') : null
            }
            options={candidates.map((a) => ({
              value: a.id,
              label: (
                <span className="ds-search-option">
                  <KindIcon kind={a.kind} />
                  <span className="ds-search-name">{a.name}</span>
                  <span className="ds-search-code">
                    {[pathLabel(a.path), a.code].filter(Boolean).join(' · ')}
                  </span>
                </span>
              ),
            }))}
            onChange={pickTarget}
          />
        </Form.Item>
        {isGrid && (
          <Form.Item
            name="code"
            label={t('console.areas.move.newCode')}
            rules={codeRules('grid', target?.code ?? null, t)}
            extra={target?.code ? t('console.areas.move.newCodeHelp', { parent: target.code }) : undefined}
          >
            <Input maxLength={32} />
          </Form.Item>
        )}
      </Form>
      <ErrorAlert error={submit.error} />
    </Modal>
  );
}
