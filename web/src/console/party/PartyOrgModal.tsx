import { PARTY_CHILD_KINDS } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useSubmit } from '../../ui/useSubmit';
import { KindIcon } from '../areas/AreaKind';
import { pathLabel, searchQuery } from '../areas/areas.api';
import { type PartyOrg, type PartyOrgKind, partyApi, refreshPartyOrgs } from './party.api';

interface Values {
  kind: PartyOrgKind;
  name: string;
  areaId?: number | null;
  memberCount: number;
}

export type PartyModalState = { mode: 'add'; parent: PartyOrg } | { mode: 'edit'; org: PartyOrg };

/** Adds a child organisation or edits one (name, area, member count). */
export function PartyOrgModal({ state, onClose }: { state: PartyModalState; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const m = (k: string, o?: Record<string, unknown>) => t(`console.party.modal.${k}`, o);
  const submit = useSubmit(refreshPartyOrgs);
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const areas = useQuery(searchQuery(term));
  const org = state.mode === 'edit' ? state.org : null;
  const kinds = state.mode === 'add' ? PARTY_CHILD_KINDS[state.parent.kind] : [];
  const areaOptions = [
    ...(org?.areaId && org.areaName ? [{ value: org.areaId, label: org.areaName }] : []),
    ...(areas.data ?? [])
      .filter((a) => a.id !== org?.areaId)
      .map((a) => ({
        value: a.id,
        label: (
          <span className="ds-search-option">
            <KindIcon kind={a.kind} />
            <span className="ds-search-name">{a.name}</span>
            <span className="ds-search-code">{[pathLabel(a.path), a.code].filter(Boolean).join(' · ')}</span>
          </span>
        ),
      })),
  ];

  const save = async (v: Values) => {
    const name = v.name.trim();
    const ok = await submit.run(async () => {
      if (state.mode === 'add')
        await partyApi.create({
          parentId: state.parent.id,
          kind: v.kind,
          name,
          areaId: v.areaId ?? null,
          memberCount: v.memberCount ?? 0,
        });
      else
        await partyApi.update(state.org.id, {
          version: state.org.version,
          name,
          areaId: v.areaId ?? null,
          memberCount: v.memberCount ?? 0,
        });
      await refreshPartyOrgs();
    });
    if (ok) {
      message.success(state.mode === 'add' ? t('console.party.created', { name }) : t('console.party.saved'));
      onClose();
    }
  };

  return (
    <Modal
      open
      title={
        state.mode === 'add'
          ? m('addTitle', { name: state.parent.name })
          : m('editTitle', { name: state.org.name })
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={submit.busy}
      mask={{ closable: false }}
      width={560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={
          org
            ? { kind: org.kind, name: org.name, areaId: org.areaId, memberCount: org.memberCount }
            : { kind: kinds[0], memberCount: 0 }
        }
      >
        {state.mode === 'add' && (
          <Form.Item name="kind" label={m('kind')} rules={[{ required: true }]}>
            <Select options={kinds.map((k) => ({ value: k, label: t(`console.party.kinds.${k}`) }))} />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={m('name')}
          rules={[{ required: true, whitespace: true, message: m('nameRequired') }]}
        >
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="areaId" label={m('area')}>
          <Select<number>
            allowClear
            placeholder={m('areaPlaceholder')}
            showSearch={{ filterOption: false, onSearch: setText }}
            options={areaOptions}
          />
        </Form.Item>
        <Form.Item name="memberCount" label={m('members')}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
      <ErrorAlert error={submit.error} />
    </Modal>
  );
}
