import { BulbOutlined } from '@ant-design/icons';
import type { RequestDetail } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Checkbox, Col, Form, Input, Modal, Radio, Row, Select, Spin, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useSubmit } from '../../ui/useSubmit';
import { KindIcon } from '../areas/AreaKind';
import { searchQuery as areaSearchQuery, pathLabel } from '../areas/areas.api';
import { PhotoUpload } from './Photos';
import {
  categoriesQuery,
  type IntakeInput,
  newIdempotencyKey,
  requestApi,
  type Suggestion,
} from './requests.api';
import { categoryOptions, INTAKE_CHANNELS, NATURES, URGENCIES } from './vocabulary';

type Values = {
  channel: IntakeInput['channel'];
  sourceRef?: string;
  nature: IntakeInput['nature'];
  /** 'auto': the category decides (emergencies are 特急) */
  urgency: NonNullable<IntakeInput['urgency']> | 'auto';
  description: string;
  categoryCode?: string;
  placeAreaId?: number;
  address?: string;
  reporterName?: string;
  reporterPhone?: string;
  anonymous: boolean;
  photos?: string[];
};

const PLACE_KINDS = new Set(['grid', 'compound', 'building']);

/** Picks a grid, compound or building by name (the request is routed to its grid). */
function PlacePicker({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: number;
  onChange?: (v: number | undefined) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  const [chosen, setChosen] = useState<{ value: number; label: string } | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery(areaSearchQuery(term));
  const options = (term ? (results.data ?? []) : [])
    .filter((a) => PLACE_KINDS.has(a.kind) && !a.archived)
    .map((a) => ({
      value: a.id,
      name: a.name,
      label: (
        <span className="ds-search-option">
          <KindIcon kind={a.kind} />
          <span className="ds-search-name">{a.name}</span>
          <span className="ds-search-code">{pathLabel(a.path)}</span>
        </span>
      ),
    }));
  return (
    <Select<number>
      id={id}
      value={value}
      allowClear
      placeholder={t('console.requests.intakeForm.placePlaceholder')}
      showSearch={{ filterOption: false, onSearch: setText }}
      notFoundContent={
        term ? results.isFetching ? <Spin size="small" /> : t('console.areas.searchEmpty') : null
      }
      options={
        chosen && !options.some((o) => o.value === chosen.value)
          ? [...options, { ...chosen, name: chosen.label }]
          : options
      }
      onChange={(v, option) => {
        const o = Array.isArray(option) ? undefined : option;
        setChosen(v && o ? { value: v, label: (o as { name: string }).name } : null);
        onChange?.(v ?? undefined);
      }}
    />
  );
}

/**
 * 代录诉求: a request from a visit, a 12345 referral, the chamber, the mailbox, a WeChat group, a patrol
 * or a rider. The category is suggested from the text; the Idempotency-Key is fixed for this form, so
 * pressing submit again after a network error does not create a second request.
 */
export function IntakeModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (d: RequestDetail) => void;
}) {
  const { t, i18n } = useTranslation();
  const f = (k: string, o?: Record<string, unknown>) => t(`console.requests.intakeForm.${k}`, o);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [key] = useState(newIdempotencyKey);
  const submit = useSubmit();
  const en = i18n.language.startsWith('en');
  const categories = useQuery(categoriesQuery).data ?? [];
  const channel = Form.useWatch('channel', form);
  const description = Form.useWatch('description', form);
  const categoryCode = Form.useWatch('categoryCode', form);
  const [suggestion, setSuggestion] = useState<Suggestion['categories']>([]);
  const categoryTouched = useRef(false);
  const [uploading, setUploading] = useState(false);

  // Suggest a category from the text as it is typed (pre-fills it until the user picks one).
  useEffect(() => {
    const text = description?.trim() ?? '';
    if (text.length < 4) {
      setSuggestion([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      requestApi
        .suggest(text)
        .then((s) => {
          if (!live) return;
          setSuggestion(s.categories);
          // Pre-fill only a clear winner; a tie is offered as choices instead.
          const [top, next] = s.categories;
          if (top && (!next || top.score > next.score) && !categoryTouched.current)
            form.setFieldValue('categoryCode', top.code);
        })
        .catch(() => live && setSuggestion([]));
    }, 500);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [description, form]);

  const nameOf = (code: string, fallback: string) =>
    en ? (categories.find((c) => c.code === code)?.nameEn ?? fallback) : fallback;

  const save = async (v: Values) => {
    const trim = (s?: string) => s?.trim() || undefined;
    let created: RequestDetail | undefined;
    const ok = await submit.run(async () => {
      created = await requestApi.intake(
        {
          channel: v.channel,
          nature: v.nature,
          urgency: v.urgency === 'auto' ? undefined : v.urgency,
          description: v.description.trim(),
          categoryCode: v.categoryCode,
          placeAreaId: v.placeAreaId,
          address: trim(v.address),
          reporterName: trim(v.reporterName),
          reporterPhone: trim(v.reporterPhone),
          sourceRef: trim(v.sourceRef),
          anonymous: Boolean(v.anonymous),
          photos: v.photos ?? [],
        },
        key,
      );
    });
    if (ok && created) {
      message.success(f('created', { no: created.publicNo }));
      onCreated(created);
    }
  };

  return (
    <Modal
      open
      title={f('title')}
      okText={f('submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={submit.busy}
      okButtonProps={{
        disabled: uploading,
        ...({ 'data-testid': 'intake-submit' } as Record<string, string>),
      }}
      mask={{ closable: false }}
      width={760}
      style={{ top: 24 }}
      className="ds-req-intake"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ channel: 'hotline_12345', nature: 'help', urgency: 'auto', anonymous: false }}
        data-testid="intake-form"
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="channel" label={f('channel')} rules={[{ required: true }]}>
              <Select
                data-testid="intake-channel"
                options={INTAKE_CHANNELS.map((c) => ({
                  value: c,
                  label: t(`console.requests.channels.${c}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="sourceRef"
              label={channel === 'hotline_12345' ? f('sourceRef12345') : f('sourceRef')}
            >
              <Input maxLength={64} placeholder={f('sourceRefPlaceholder')} data-testid="intake-source-ref" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="urgency" label={f('urgency')}>
              <Select
                data-testid="intake-urgency"
                options={[
                  { value: 'auto', label: f('urgencyAuto') },
                  ...URGENCIES.map((u) => ({ value: u, label: t(`console.requests.urgency.${u}`) })),
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="nature" label={f('nature')}>
          <Radio.Group
            optionType="button"
            options={NATURES.map((n) => ({ value: n, label: t(`console.requests.natures.${n}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={f('description')}
          rules={[
            { required: true, whitespace: true, message: f('descriptionRequired') },
            { min: 2, message: f('descriptionRequired') },
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={2000}
            showCount
            placeholder={f('descriptionPlaceholder')}
            data-testid="intake-description"
          />
        </Form.Item>
        <Form.Item
          name="categoryCode"
          label={f('category')}
          extra={
            suggestion.length > 0 && (
              <span className="ds-req-suggest">
                <BulbOutlined aria-hidden /> {f('suggested')}
                {t('console.requests.colon')}
                {suggestion.map((s) => (
                  <Tag.CheckableTag
                    key={s.code}
                    checked={categoryCode === s.code}
                    onChange={() => {
                      categoryTouched.current = true;
                      form.setFieldValue('categoryCode', s.code);
                    }}
                  >
                    {nameOf(s.code, s.name)}
                  </Tag.CheckableTag>
                ))}
              </span>
            )
          }
        >
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={f('categoryPlaceholder')}
            options={categoryOptions(categories, en)}
            onChange={() => {
              categoryTouched.current = true;
            }}
            data-testid="intake-category"
          />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="placeAreaId" label={f('place')}>
              <PlacePicker />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="address" label={f('address')}>
              <Input maxLength={200} placeholder={f('addressPlaceholder')} data-testid="intake-address" />
            </Form.Item>
          </Col>
        </Row>
        <p className="ds-muted ds-req-place-hint">{f('placeHint')}</p>
        <Form.Item
          name="photos"
          label={t('console.photos.label')}
          extra={uploading ? t('console.photos.uploading') : t('console.photos.hint')}
        >
          <PhotoUpload onBusy={setUploading} />
        </Form.Item>
        <fieldset className="ds-req-fieldset">
          <legend>{f('reporter')}</legend>
          <Row gutter={16} align="bottom">
            <Col span={8}>
              <Form.Item name="reporterName" label={f('reporterName')}>
                <Input maxLength={50} autoComplete="off" data-testid="intake-reporter-name" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="reporterPhone"
                label={f('reporterPhone')}
                rules={[{ pattern: /^1[3-9]\d{9}$/, message: f('phoneInvalid') }]}
              >
                <Input
                  maxLength={11}
                  inputMode="numeric"
                  autoComplete="off"
                  data-testid="intake-reporter-phone"
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="anonymous" valuePropName="checked" className="ds-req-anonymous">
                <Checkbox>{f('anonymous')}</Checkbox>
              </Form.Item>
            </Col>
          </Row>
        </fieldset>
      </Form>
      <ErrorAlert error={submit.error} hint={f('kept')} />
    </Modal>
  );
}
