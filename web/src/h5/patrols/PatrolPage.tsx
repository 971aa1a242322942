import type { Patrol, PatrolPlan } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Dialog, TextArea, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import { uploadPhoto } from '../../app/photos';
import { LoadError } from '../components/LoadError';
import { SubHeader } from '../requests/ui';
import '../activities/activities.css';
import '../activities/i18n';

const hm = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );

/** 暗夜走访 for the walker: my plans; start or continue the patrol; check in at each place; close with a summary. */
export function PatrolPage() {
  const { t } = useTranslation();
  const p = (k: string, o?: Record<string, unknown>) => t(`h5.patrols.${k}`, o);
  const qc = useQueryClient();
  const plans = useQuery({
    queryKey: ['patrols', 'h5', 'plans'],
    queryFn: () => api<{ items: PatrolPlan[] }>('/api/patrols/plans').then((r) => r.items),
  });
  const [openId, setOpenId] = useState<number | null>(null);
  const start = useMutation({
    mutationFn: (plan: PatrolPlan) => api<Patrol>(`/api/patrols/plans/${plan.id}/start`, { method: 'POST' }),
    onSuccess: (x) => {
      setOpenId(x.id);
      void qc.invalidateQueries({ queryKey: ['patrols'] });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  return (
    <>
      <SubHeader title={p('title')} subtitle={p('subtitle')} fallback="/me" />
      <div className="h5-content h5-content-sub">
        {plans.error && <LoadError error={plans.error} onRetry={() => void plans.refetch()} />}
        {openId !== null ? (
          <PatrolWalk id={openId} onClosed={() => setOpenId(null)} />
        ) : plans.data?.length === 0 ? (
          <p className="h5-hint">{p('none')}</p>
        ) : (
          plans.data?.map((plan) => (
            <section key={plan.id} className="h5-card" data-testid="h5-patrol-plan">
              <h2 className="h5-card-title">{plan.name}</h2>
              <p className="h5-hint">
                {p('window', { from: plan.windowStart, to: plan.windowEnd })} · {plan.secretary.name}、
                {plan.gridWorker.name}、{plan.property.name}
              </p>
              <p className="h5-hint">{plan.places.join(' · ')}</p>
              <Button
                block
                size="large"
                color="primary"
                loading={start.isPending}
                onClick={() => (plan.openPatrolId ? setOpenId(plan.openPatrolId) : start.mutate(plan))}
                data-testid="h5-patrol-start"
              >
                {plan.openPatrolId ? p('resume') : p('start')}
              </Button>
            </section>
          ))
        )}
      </div>
    </>
  );
}

function PatrolWalk({ id, onClosed }: { id: number; onClosed: () => void }) {
  const { t } = useTranslation();
  const p = (k: string, o?: Record<string, unknown>) => t(`h5.patrols.${k}`, o);
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['patrols', 'h5', id], queryFn: () => api<Patrol>(`/api/patrols/${id}`) });
  const [place, setPlace] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const close = useMutation({
    mutationFn: () => api<Patrol>(`/api/patrols/${id}/close`, { method: 'POST', json: { summary } }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: p('closedOk') });
      void qc.invalidateQueries({ queryKey: ['patrols'] });
      onClosed();
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  const x = q.data;
  if (!x) return q.error ? <LoadError error={q.error} onRetry={() => void q.refetch()} /> : null;
  const done = new Map(x.checkins.map((c) => [c.place, c]));
  return (
    <>
      <section className="h5-card" data-testid="h5-patrol-walk">
        <h2 className="h5-card-title">
          {x.planName} · {hm(x.startedAt)}
        </h2>
        <ul className="h5-act-list">
          {x.places.map((name) => {
            const c = done.get(name);
            return (
              <li key={name} className="h5-patrol-place">
                <div className="h5-patrol-place-head">
                  <b>{name}</b>
                  {c ? (
                    <span className="h5-act-state h5-act-state-confirmed">
                      {p('checkedIn')} {hm(c.at)}
                    </span>
                  ) : (
                    <Button
                      size="middle"
                      color="primary"
                      onClick={() => setPlace(name)}
                      data-testid="h5-patrol-checkin"
                    >
                      {p('checkin')}
                    </Button>
                  )}
                </div>
                {c?.note && <p className="h5-hint">{c.note}</p>}
                {c?.requestNo && (
                  <p className="h5-patrol-filed" data-testid="h5-patrol-filed">
                    {p('filed', { no: c.requestNo })}
                  </p>
                )}
                {place === name && !c && (
                  <CheckinForm patrolId={id} place={name} onDone={() => setPlace(null)} />
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <section className="h5-card">
        <h2 className="h5-card-title">{p('summary')}</h2>
        <TextArea
          value={summary}
          onChange={setSummary}
          placeholder={p('summaryPlaceholder')}
          rows={3}
          maxLength={1000}
          data-testid="h5-patrol-summary"
        />
        <Button
          block
          size="large"
          color="danger"
          fill="outline"
          style={{ marginTop: '0.75rem' }}
          disabled={summary.trim().length < 2}
          loading={close.isPending}
          onClick={async () => {
            if (await Dialog.confirm({ content: p('close'), cancelText: t('common.cancel') })) close.mutate();
          }}
          data-testid="h5-patrol-close"
        >
          {p('close')}
        </Button>
      </section>
    </>
  );
}

function CheckinForm({ patrolId, place, onDone }: { patrolId: number; place: string; onDone: () => void }) {
  const { t } = useTranslation();
  const p = (k: string, o?: Record<string, unknown>) => t(`h5.patrols.${k}`, o);
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [finding, setFinding] = useState(false);
  const [problem, setProblem] = useState('');
  const [photo, setPhoto] = useState<string | null>(null);
  const [where, setWhere] = useState<{ lng: number; lat: number } | null | undefined>(undefined);
  useEffect(() => {
    if (!navigator.geolocation) return setWhere(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => setWhere({ lng: pos.coords.longitude, lat: pos.coords.latitude }),
      () => setWhere(null),
      { timeout: 8000, maximumAge: 60_000 },
    );
  }, []);
  const save = useMutation({
    mutationFn: () =>
      api<Patrol>(`/api/patrols/${patrolId}/checkins`, {
        method: 'POST',
        json: {
          place,
          note,
          ...(where ? where : {}),
          ...(photo ? { photo } : {}),
          ...(finding && problem.trim().length >= 2 ? { finding: { description: problem.trim() } } : {}),
        },
      }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: p('checkedInOk') });
      void qc.invalidateQueries({ queryKey: ['patrols'] });
      onDone();
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  return (
    <div className="h5-patrol-form" data-testid="h5-patrol-form">
      <p className="h5-hint">
        {where === undefined ? p('locating') : where ? p('located') : p('noLocation')}
      </p>
      <TextArea
        value={note}
        onChange={setNote}
        placeholder={p('notePlaceholder')}
        rows={2}
        maxLength={500}
        data-testid="h5-patrol-note"
      />
      <label className="h5-patrol-photo">
        <input
          type="file"
          accept="image/*"
          capture="environment"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            try {
              setPhoto((await uploadPhoto(f)).id);
            } catch (err) {
              Toast.show({ icon: 'fail', content: (err as ApiError).userMessage });
            }
          }}
        />
        {photo ? p('photoAdded') : p('photo')}
      </label>
      <Checkbox checked={finding} onChange={setFinding} data-testid="h5-patrol-finding">
        {p('finding')}
      </Checkbox>
      {finding && (
        <TextArea
          value={problem}
          onChange={setProblem}
          placeholder={p('findingPlaceholder')}
          rows={3}
          maxLength={2000}
          data-testid="h5-patrol-problem"
        />
      )}
      <Button
        block
        size="large"
        color="primary"
        loading={save.isPending}
        disabled={finding && problem.trim().length < 2}
        onClick={() => save.mutate()}
        data-testid="h5-patrol-submit"
      >
        {p('submit')}
      </Button>
    </div>
  );
}
