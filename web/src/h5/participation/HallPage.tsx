import type { Meeting, Resolution, Topic, Vote } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, ProgressBar, Rate, Selector, Tabs, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import { EmptyState } from '../components/EmptyState';
import { LoadError } from '../components/LoadError';
import { SubHeader } from '../requests/ui';
import './i18n';
import './participation.css';

const fail = (e: unknown) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage });
const when = (iso: string, lang: string) =>
  new Intl.DateTimeFormat(lang, {
    timeZone: 'Asia/Shanghai',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

function useH() {
  const { t, i18n } = useTranslation();
  return {
    t,
    lang: i18n.language || 'zh-CN',
    h: (k: string, o?: Record<string, unknown>) => t(`h5.part.hall.${k}`, o),
  };
}

/** 议事厅: topics with a big 支持 button, votes (cast mine, results after close), resolutions and their progress. */
export function HallPage() {
  const { h } = useH();
  const [tab, setTab] = useState<'topics' | 'votes' | 'resolutions' | 'marks'>('topics');
  return (
    <>
      <SubHeader title={h('title')} subtitle={h('subtitle')} />
      <div className="h5-content h5-content-sub">
        <Tabs activeKey={tab} onChange={(k) => setTab(k as typeof tab)} className="h5-part-tabs">
          {(['topics', 'votes', 'resolutions', 'marks'] as const).map((k) => (
            <Tabs.Tab key={k} title={h(`tabs.${k}`)} />
          ))}
        </Tabs>
        {tab === 'topics' && <Topics />}
        {tab === 'votes' && (
          <>
            <Votes />
            <CheckIn />
          </>
        )}
        {tab === 'resolutions' && <Resolutions />}
        {tab === 'marks' && <Marks />}
      </div>
    </>
  );
}

function Topics() {
  const { h } = useH();
  const qc = useQueryClient();
  const topics = useQuery({
    queryKey: ['hall', 'topics'],
    queryFn: () => api<{ items: Topic[]; threshold: number }>('/api/topics'),
  });
  const support = useMutation({
    mutationFn: (id: number) => api<Topic>(`/api/topics/${id}/support`, { method: 'POST' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['hall'] }),
    onError: fail,
  });
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const propose = useMutation({
    mutationFn: () =>
      api<Topic>('/api/topics', { method: 'POST', json: { title: title.trim(), body: body.trim() } }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: h('proposed') });
      setOpen(false);
      setTitle('');
      setBody('');
      void qc.invalidateQueries({ queryKey: ['hall'] });
    },
    onError: fail,
  });
  return (
    <>
      {topics.error && <LoadError error={topics.error} onRetry={() => void topics.refetch()} />}
      {topics.data && (
        <p className="h5-hint h5-part-center">{h('threshold', { n: topics.data.threshold })}</p>
      )}
      {topics.data?.items.length === 0 && <EmptyState title={h('noTopics')} hint="" />}
      <ul className="h5-wish-list" data-testid="h5-topics">
        {topics.data?.items.map((x) => (
          <li key={x.id} className="h5-card h5-topic" data-testid={`h5-topic-${x.id}`}>
            <div className="h5-wish-top">
              <span className={`h5-wish-status h5-topic-${x.status}`}>{h(`status.${x.status}`)}</span>
              <span className="h5-hint">{x.authorName}</span>
            </div>
            <h3 className="h5-topic-title">{x.title}</h3>
            {x.body && <p className="h5-wish-text">{x.body}</p>}
            <ProgressBar
              percent={Math.min(100, Math.round((x.supports * 100) / x.threshold))}
              text={h('supports', { n: x.supports })}
              style={{ '--track-width': '10px' }}
            />
            {x.status === 'proposed' ? (
              <Button
                block
                color={x.supportedByMe ? 'default' : 'primary'}
                fill={x.supportedByMe ? 'outline' : 'solid'}
                className="h5-block-button h5-part-gap"
                disabled={x.supportedByMe}
                loading={support.isPending && support.variables === x.id}
                onClick={() => support.mutate(x.id)}
                data-testid="h5-topic-support"
              >
                {x.supportedByMe ? `✓ ${h('supported')}` : h('support')}
              </Button>
            ) : (
              x.supportedByMe && <p className="h5-hint">✓ {h('supported')}</p>
            )}
          </li>
        ))}
      </ul>
      {open ? (
        <form
          className="h5-card h5-part-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (title.trim().length >= 2) propose.mutate();
          }}
        >
          <span className="h5-part-label">{h('topicTitle')}</span>
          <Input value={title} onChange={setTitle} maxLength={80} data-testid="h5-topic-title" />
          <span className="h5-part-label">{h('topicBody')}</span>
          <TextArea value={body} onChange={setBody} rows={3} maxLength={1000} />
          <Button block type="submit" color="primary" className="h5-submit" loading={propose.isPending}>
            {h('submit')}
          </Button>
        </form>
      ) : (
        <Button block className="h5-block-button" onClick={() => setOpen(true)}>
          {h('propose')}
        </Button>
      )}
    </>
  );
}

function Votes() {
  const { h } = useH();
  const votes = useQuery({
    queryKey: ['hall', 'votes'],
    queryFn: () => api<{ items: Vote[] }>('/api/votes'),
  });
  return (
    <>
      {votes.error && <LoadError error={votes.error} onRetry={() => void votes.refetch()} />}
      {votes.data?.items.length === 0 && <EmptyState title={h('noVotes')} hint="" />}
      <ul className="h5-wish-list">
        {votes.data?.items.map((v) => (
          <VoteCard key={v.id} v={v} />
        ))}
      </ul>
    </>
  );
}

function VoteCard({ v }: { v: Vote }) {
  const { h } = useH();
  const qc = useQueryClient();
  const [choices, setChoices] = useState<number[]>([]);
  const cast = useMutation({
    mutationFn: () => api<Vote>(`/api/votes/${v.id}/ballots`, { method: 'POST', json: { choices } }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: h('castOk') });
      void qc.invalidateQueries({ queryKey: ['hall', 'votes'] });
    },
    onError: fail,
  });
  const r = v.result;
  return (
    <li className="h5-card h5-vote" data-testid={`h5-vote-${v.id}`}>
      <div className="h5-wish-top">
        <span className={`h5-wish-status h5-vote-${v.status}`}>{h(v.status)}</span>
        <span className="h5-hint">
          {v.secret ? h('secret') : h('openBallot')}
          {v.multiple ? ` · ${h('multiple')}` : ''}
        </span>
      </div>
      <h3 className="h5-topic-title">{v.question}</h3>
      {v.status === 'open' && !v.votedByMe && (
        <>
          <Selector
            columns={1}
            multiple={v.multiple}
            value={choices}
            onChange={setChoices}
            options={v.options.map((label, i) => ({ label, value: i }))}
            className="h5-vote-options"
          />
          <Button
            block
            color="primary"
            className="h5-submit h5-part-gap"
            disabled={choices.length === 0}
            loading={cast.isPending}
            onClick={() => cast.mutate()}
            data-testid="h5-vote-cast"
          >
            {h('cast')}
          </Button>
        </>
      )}
      {v.status === 'open' && (
        <p className="h5-hint">
          {v.votedByMe ? `✓ ${h('voted')} · ` : ''}
          {h('ballots', { n: v.ballots })}
        </p>
      )}
      {r && (
        <div className="h5-vote-result" data-testid="h5-vote-result">
          {v.options.map((label, i) => (
            <div key={label} className={`h5-vote-row${r.winner === i ? ' h5-vote-win' : ''}`}>
              <span>{label}</span>
              <ProgressBar percent={r.ballots ? Math.round(((r.counts[i] ?? 0) * 100) / r.ballots) : 0} />
              <b>{r.counts[i] ?? 0}</b>
            </div>
          ))}
          <p className="h5-vote-verdict">
            {!r.quorumMet
              ? h('noQuorum')
              : r.winner !== null
                ? h('carried', { option: v.options[r.winner] })
                : h('notCarried')}
            {' · '}
            {h('total', { n: r.ballots })}
          </p>
        </div>
      )}
    </li>
  );
}

function CheckIn() {
  const { h, lang } = useH();
  const meetings = useQuery({
    queryKey: ['hall', 'meetings'],
    queryFn: () => api<{ items: Meeting[] }>('/api/meetings'),
  });
  const [code, setCode] = useState('');
  const now = Date.now();
  const next = meetings.data?.items
    .filter((m) => new Date(m.startsAt).getTime() > now - 6 * 3_600_000)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
  const check = useMutation({
    mutationFn: () => api(`/api/meetings/${next?.id}/checkin`, { method: 'POST', json: { code } }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: h('checkinOk') });
      void meetings.refetch();
    },
    onError: fail,
  });
  if (!next) return null;
  return (
    <section className="h5-card h5-part-form">
      <h2 className="h5-card-title">{h('nextMeeting')}</h2>
      <p className="h5-wish-text">
        <b>{next.title}</b>
        <br />
        {when(next.startsAt, lang)} · {next.place}
      </p>
      {next.checkedIn ? (
        <p className="h5-hint">✓ {h('checkinOk')}</p>
      ) : (
        <div className="h5-part-checkin">
          <Input
            value={code}
            onChange={(v) => setCode(v.replace(/\D/g, '').slice(0, 6))}
            inputMode="numeric"
            placeholder={h('checkinCode')}
            aria-label={h('checkinCode')}
          />
          <Button
            color="primary"
            disabled={code.length !== 6}
            loading={check.isPending}
            onClick={() => check.mutate()}
          >
            {h('checkin')}
          </Button>
        </div>
      )}
    </section>
  );
}

function Resolutions() {
  const { h } = useH();
  const list = useQuery({
    queryKey: ['hall', 'resolutions'],
    queryFn: () => api<{ items: Resolution[] }>('/api/resolutions'),
  });
  return (
    <>
      {list.error && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data?.items.length === 0 && <EmptyState title={h('noResolutions')} hint="" />}
      <ul className="h5-wish-list" data-testid="h5-resolutions">
        {list.data?.items.map((r) => (
          <li key={r.id} className="h5-card">
            <div className="h5-wish-top">
              <span className={`h5-wish-status h5-res-${r.status}`}>{h(`resolutionStatus.${r.status}`)}</span>
              {r.overdue && <span className="h5-wish-warn">{h('overdue')}</span>}
            </div>
            <p className="h5-topic-title">{r.text}</p>
            <ProgressBar percent={r.progress} text={`${r.progress}%`} style={{ '--track-width': '10px' }} />
            {r.progressNote && <p className="h5-hint">{r.progressNote}</p>}
            <p className="h5-hint">
              {h('owner')}：{r.ownerName} · {h('due')}：{r.dueDate}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

type Cadre = { userId: string; name: string; role: string; myScore: number | null };
type RankRow = { userId: string; name: string; role: string; average: number; ratings: number };

/** 群众阅卷: mark each cadre once a quarter (stars and a comment), and the community's ranking. */
function Marks() {
  const { h } = useH();
  const qc = useQueryClient();
  const cadres = useQuery({
    queryKey: ['hall', 'cadres'],
    queryFn: () => api<{ period: string; items: Cadre[] }>('/api/ratings/cadres'),
  });
  const ranking = useQuery({
    queryKey: ['hall', 'ranking'],
    queryFn: () => api<{ period: string; items: RankRow[] }>('/api/ratings/ranking'),
  });
  const [scores, setScores] = useState<Record<string, number>>({});
  const [comments, setComments] = useState<Record<string, string>>({});
  const rate = useMutation({
    mutationFn: (c: Cadre) =>
      api('/api/ratings', {
        method: 'POST',
        json: {
          targetUserId: c.userId,
          score: scores[c.userId],
          comment: (comments[c.userId] ?? '').trim(),
        },
      }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: h('rated') });
      void qc.invalidateQueries({ queryKey: ['hall'] });
    },
    onError: fail,
  });
  return (
    <>
      {cadres.error && <LoadError error={cadres.error} onRetry={() => void cadres.refetch()} />}
      <p className="h5-hint h5-part-center">{h('marksHint', { period: cadres.data?.period ?? '' })}</p>
      <ul className="h5-wish-list" data-testid="h5-marks">
        {cadres.data?.items.map((c) => (
          <li key={c.userId} className="h5-card h5-part-form">
            <div className="h5-wish-top">
              <b className="h5-topic-title">{c.name}</b>
              <span className="h5-hint">{h(`role.${c.role}`)}</span>
            </div>
            {c.myScore !== null ? (
              <>
                <Rate readOnly value={c.myScore} style={{ '--star-size': '28px' }} />
                <p className="h5-hint">✓ {h('rated')}</p>
              </>
            ) : (
              <>
                <Rate
                  value={scores[c.userId] ?? 0}
                  onChange={(v) => setScores({ ...scores, [c.userId]: v })}
                  style={{ '--star-size': '34px' }}
                  aria-label={h('stars')}
                />
                <Input
                  value={comments[c.userId] ?? ''}
                  onChange={(v) => setComments({ ...comments, [c.userId]: v })}
                  placeholder={h('comment')}
                  maxLength={200}
                />
                <Button
                  block
                  color="primary"
                  className="h5-block-button"
                  disabled={!scores[c.userId]}
                  loading={rate.isPending && rate.variables?.userId === c.userId}
                  onClick={() => rate.mutate(c)}
                >
                  {h('rate')}
                </Button>
              </>
            )}
          </li>
        ))}
      </ul>
      {(ranking.data?.items.length ?? 0) > 0 && (
        <section className="h5-card" data-testid="h5-ranking">
          <h2 className="h5-card-title">{h('ranking', { period: ranking.data?.period })}</h2>
          <ol className="h5-part-rank">
            {ranking.data?.items.map((x) => (
              <li key={x.userId}>
                <b>{x.name}</b>
                <span className="h5-hint">{h(`role.${x.role}`)}</span>
                <span className="h5-part-score">{x.average.toFixed(1)}</span>
                <span className="h5-hint">{h('ratings', { n: x.ratings })}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}
