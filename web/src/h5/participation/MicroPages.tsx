import type { MicroProject, MicroProjectDetail, MicroStage, MicroType } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, Rate, Selector, Steps, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type ApiError, api } from '../../app/api';
import { EmptyState } from '../components/EmptyState';
import { LoadError } from '../components/LoadError';
import { SubHeader } from '../requests/ui';
import './i18n';
import './micro.i18n';
import './participation.css';

/**
 * 民生微实事 (H5): the community's projects with their stages, proposing one, and a project's page — its timeline,
 * objections during 公示, the rating once 验收 is done.
 */
const fail = (e: unknown) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage });
const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
const PIPELINE: MicroStage[] = [
  'proposed',
  'screened',
  'publicizing',
  'undertaken',
  'supervising',
  'accepted',
];

function useM() {
  const { t, i18n } = useTranslation();
  return {
    lang: i18n.language || 'zh-CN',
    m: (k: string, o?: Record<string, unknown>) => t(`h5.micro.${k}`, o),
  };
}

const stageClass = (s: MicroStage) =>
  s === 'accepted'
    ? 'h5-res-done'
    : s === 'rejected'
      ? 'h5-micro-rejected'
      : s === 'proposed' || s === 'screened'
        ? 'h5-res-planned'
        : 'h5-res-in_progress';

export function MicroListPage() {
  const { m } = useM();
  const list = useQuery({
    queryKey: ['micro', 'list'],
    queryFn: () => api<{ items: MicroProject[] }>('/api/microprojects'),
  });
  return (
    <>
      <SubHeader title={m('title')} subtitle={m('subtitle')} />
      <div className="h5-content h5-content-sub">
        <Link to="/microprojects/new" className="h5-micro-propose" data-testid="h5-micro-propose">
          <Button block color="primary" className="h5-block-button">
            {m('propose')}
          </Button>
        </Link>
        {list.error && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
        {list.data?.items.length === 0 && <EmptyState title={m('none')} hint="" />}
        <ul className="h5-wish-list h5-part-gap" data-testid="h5-micro-list">
          {list.data?.items.map((p) => (
            <li key={p.id}>
              <Link
                to={`/microprojects/${p.id}`}
                className="h5-card h5-wish-card"
                data-testid={`h5-micro-${p.id}`}
              >
                <div className="h5-wish-top">
                  <span className={`h5-wish-status ${stageClass(p.stage)}`}>{m(`stage.${p.stage}`)}</span>
                  <span className="h5-wish-cat">{p.typeName}</span>
                </div>
                <h3 className="h5-topic-title">{p.title}</h3>
                <div className="h5-wish-meta">
                  <span>{m('budget', { amount: yuan(p.budget) })}</span>
                  {p.mine && <span>· {m('mine')}</span>}
                  {p.rating.count > 0 && <span>★ {p.rating.average}</span>}
                </div>
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}

export function MicroProposePage() {
  const { m } = useM();
  const navigate = useNavigate();
  const types = useQuery({
    queryKey: ['micro', 'types'],
    queryFn: () => api<{ items: MicroType[] }>('/api/microprojects/types'),
  });
  const [typeId, setTypeId] = useState<number>();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [budget, setBudget] = useState('');
  const qc = useQueryClient();
  const submit = useMutation({
    mutationFn: () =>
      api<MicroProjectDetail>('/api/microprojects', {
        method: 'POST',
        json: {
          typeId,
          title: title.trim(),
          description: description.trim(),
          budget: Math.round(Number(budget) * 100),
        },
      }),
    onSuccess: (p) => {
      Toast.show({ icon: 'success', content: m('proposed') });
      void qc.invalidateQueries({ queryKey: ['micro'] });
      navigate(`/microprojects/${p.id}`, { replace: true });
    },
    onError: fail,
  });
  const ok = typeId !== undefined && title.trim().length >= 2 && Number(budget) > 0;
  return (
    <>
      <SubHeader title={m('proposeTitle')} subtitle={m('proposeSubtitle')} fallback="/microprojects" />
      <div className="h5-content h5-content-sub">
        <form
          className="h5-card h5-part-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (ok) submit.mutate();
          }}
        >
          <span className="h5-part-label">{m('type')}</span>
          {types.error && <LoadError error={types.error} onRetry={() => void types.refetch()} />}
          <Selector
            columns={1}
            value={typeId === undefined ? [] : [typeId]}
            onChange={(v) => setTypeId(v[0])}
            options={(types.data?.items ?? []).map((x) => ({
              value: x.id,
              label: `${x.name}（${m('cap', { amount: yuan(x.cap) })}）`,
            }))}
            data-testid="h5-micro-type"
          />
          <span className="h5-part-label">{m('name')}</span>
          <Input
            value={title}
            onChange={setTitle}
            maxLength={80}
            placeholder={m('namePlaceholder')}
            data-testid="h5-micro-title"
          />
          <span className="h5-part-label">{m('description')}</span>
          <TextArea
            value={description}
            onChange={setDescription}
            rows={3}
            maxLength={1000}
            placeholder={m('descriptionPlaceholder')}
            data-testid="h5-micro-description"
          />
          <span className="h5-part-label">{m('budgetLabel')}</span>
          <Input
            value={budget}
            onChange={(v) => setBudget(v.replace(/[^\d.]/g, ''))}
            inputMode="decimal"
            data-testid="h5-micro-budget"
          />
          <Button
            block
            type="submit"
            color="primary"
            className="h5-submit"
            disabled={!ok}
            loading={submit.isPending}
            data-testid="h5-micro-submit"
          >
            {m('submit')}
          </Button>
        </form>
      </div>
    </>
  );
}

export function MicroDetailPage() {
  const { m, lang } = useM();
  const { id } = useParams();
  const qc = useQueryClient();
  const key = ['micro', 'detail', id];
  const p = useQuery({ queryKey: key, queryFn: () => api<MicroProjectDetail>(`/api/microprojects/${id}`) });
  const [text, setText] = useState('');
  const object = useMutation({
    mutationFn: () =>
      api<MicroProjectDetail>(`/api/microprojects/${id}/objections`, {
        method: 'POST',
        json: { text: text.trim() },
      }),
    onSuccess: (d) => {
      Toast.show({ icon: 'success', content: m('objected') });
      setText('');
      qc.setQueryData(key, d);
    },
    onError: fail,
  });
  const rate = useMutation({
    mutationFn: (stars: number) =>
      api<MicroProjectDetail>(`/api/microprojects/${id}/ratings`, { method: 'POST', json: { stars } }),
    onSuccess: (d) => {
      Toast.show({ icon: 'success', content: m('rated') });
      qc.setQueryData(key, d);
      void qc.invalidateQueries({ queryKey: ['micro', 'list'] });
    },
    onError: fail,
  });
  const d = p.data;
  const when = (iso: string) =>
    new Intl.DateTimeFormat(lang, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric' }).format(
      new Date(iso),
    );
  const current = d ? PIPELINE.indexOf(d.stage) : -1;
  return (
    <>
      <SubHeader title={m('detail')} fallback="/microprojects" />
      <div className="h5-content h5-content-sub">
        {p.error && <LoadError error={p.error} onRetry={() => void p.refetch()} />}
        {d && (
          <>
            <section className="h5-card" data-testid="h5-micro-detail">
              <div className="h5-wish-top">
                <span className={`h5-wish-status ${stageClass(d.stage)}`} data-testid="h5-micro-stage">
                  {m(`stage.${d.stage}`)}
                </span>
                <span className="h5-wish-cat">{d.typeName}</span>
              </div>
              <h2 className="h5-topic-title">{d.title}</h2>
              {d.description && <p className="h5-wish-text">{d.description}</p>}
              <div className="h5-wish-meta">
                <span>{m('budget', { amount: yuan(d.budget) })}</span>
                {d.spent > 0 && <span>{m('spent', { amount: yuan(d.spent) })}</span>}
              </div>
              {d.rejectReason && <p className="h5-wish-warn">{m('rejected', { reason: d.rejectReason })}</p>}
              {d.undertakerName && <p className="h5-hint">{m('undertaker', { name: d.undertakerName })}</p>}
              {d.acceptanceNote && <p className="h5-hint">{m('acceptance', { note: d.acceptanceNote })}</p>}
            </section>
            {d.stage !== 'rejected' && (
              <section className="h5-card h5-part-gap h5-micro-steps">
                <Steps direction="vertical" current={current}>
                  {PIPELINE.map((s) => (
                    <Steps.Step key={s} title={m(`stage.${s}`)} />
                  ))}
                </Steps>
              </section>
            )}
            {d.publicityFrom && (
              <section className="h5-card h5-part-gap">
                <p className="h5-wish-text">
                  {m('publicity', { from: d.publicityFrom, until: d.publicityUntil })}
                  {d.publicityOver && <span className="h5-hint"> · {m('publicityOver')}</span>}
                </p>
                {d.objections.length > 0 && <h3 className="h5-part-label">{m('objections')}</h3>}
                <ul className="h5-micro-objections">
                  {d.objections.map((o) => (
                    <li key={o.id}>
                      <p>{o.text}</p>
                      <p className="h5-hint">
                        {o.answer ? m('answer', { answer: o.answer }) : m('awaiting')}
                      </p>
                    </li>
                  ))}
                </ul>
                {d.stage === 'publicizing' && !d.publicityOver && (
                  <form
                    className="h5-part-form"
                    onSubmit={(e) => {
                      e.preventDefault();
                      if (text.trim().length >= 2) object.mutate();
                    }}
                  >
                    <TextArea
                      value={text}
                      onChange={setText}
                      rows={3}
                      maxLength={500}
                      placeholder={m('objectPlaceholder')}
                      data-testid="h5-micro-objection"
                    />
                    <Button
                      block
                      type="submit"
                      fill="outline"
                      color="primary"
                      className="h5-block-button"
                      loading={object.isPending}
                      disabled={text.trim().length < 2}
                      data-testid="h5-micro-object"
                    >
                      {m('object')}
                    </Button>
                  </form>
                )}
              </section>
            )}
            {d.milestones.length > 0 && (
              <section className="h5-card h5-part-gap">
                <h3 className="h5-part-label">{m('milestones')}</h3>
                <ul className="h5-micro-objections">
                  {d.milestones.map((x) => (
                    <li key={x.id}>
                      {x.done ? '✓ ' : '○ '}
                      {x.title}
                      {x.dueDate && <span className="h5-hint"> {x.dueDate}</span>}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {d.stage === 'accepted' && (
              <section className="h5-card h5-part-gap h5-part-center" data-testid="h5-micro-rating">
                {d.rating.count > 0 && (
                  <p className="h5-hint">{m('rating', { avg: d.rating.average, n: d.rating.count })}</p>
                )}
                <h3 className="h5-part-label">{d.rating.mine ? m('myRating') : m('rate')}</h3>
                <Rate
                  value={d.rating.mine ?? 0}
                  readOnly={d.rating.mine !== null || rate.isPending}
                  onChange={(v) => v > 0 && rate.mutate(v)}
                  style={{ '--star-size': '36px' }}
                />
              </section>
            )}
            <section className="h5-card h5-part-gap">
              <h3 className="h5-part-label">{m('timeline')}</h3>
              <ol className="h5-micro-timeline" data-testid="h5-micro-timeline">
                {d.events.map((e) => (
                  <li key={`${e.at}-${e.kind}`}>
                    <span className="h5-hint">{when(e.at)}</span> {m(`events.${e.kind}`)}
                    {e.amount ? ` ${m('amount', { amount: yuan(e.amount) })}` : ''}
                  </li>
                ))}
              </ol>
            </section>
          </>
        )}
      </div>
    </>
  );
}
