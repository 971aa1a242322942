import type {
  FigureDefinition,
  Me,
  OpenCommunity,
  PublicFigure,
  ResidentFigures,
  SurveyQuestion,
} from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Toast } from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { type ApiError, api } from '../../app/api';
import i18n, { setLanguage } from '../../app/i18n';
import { LoadError } from '../components/LoadError';
import { SubHeader } from '../requests/ui';
import './open.css';

const zh = {
  figs: {
    title: '社区数据',
    subtitle: '近 90 天，{{from}} 至 {{to}}',
    name: {
      requests: '诉求量',
      responseRate: '响应率',
      resolutionRate: '解决率',
      satisfactionRate: '满意率',
      onTimeRate: '按期结案率',
      temperatureGap: '温差',
    },
    of: '{{n}} / {{d}} 件',
    gapOf: '{{d}} 件已评价',
    noData: '暂无数据',
    folded: '已折叠 {{count}} 条：多数居民认为与自己关系不大',
    ask: '这条数据与你有关吗？',
    relevant: '有关',
    irrelevant: '无关',
    skip: '跳过',
    thanks: '谢谢，你的回答会让数据更贴近大家',
    definitions: '口径说明',
    version: '口径 {{v}}',
  },
  open: {
    title: '{{name}} · 公开数据',
    subtitle: '{{street}} · 近 90 天（{{from}} 至 {{to}}）· 无需登录',
    counts: '诉求',
    received: '受理',
    closed: '已结案',
    open: '办理中',
    dataUse: '数据使用率',
    dataUseHint: '{{n}} / {{d}} 条诉求被交办、决议或决策引用',
    examples: '已解决的事（经反映人同意公开）',
    examplesNone: '暂无经同意公开的案例',
    days: '{{n}} 天办结',
    satisfaction: { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' },
    resolutions: '议事决议进展',
    resolutionsNone: '暂无决议',
    status: { planned: '未开始', in_progress: '进行中', done: '已完成' },
    due: '期限 {{d}}',
    projects: '项目进展',
    projectsNone: '暂无项目',
    milestones: '里程碑 {{done}} / {{n}}',
    budget: '预算 {{y}} 元',
    download: '下载开放数据',
    notFound: '没有找到这个社区',
  },
};
const en: typeof zh = {
  figs: {
    title: 'Community figures',
    subtitle: 'Last 90 days, {{from}} to {{to}}',
    name: {
      requests: 'Requests',
      responseRate: 'Response rate',
      resolutionRate: 'Resolution rate',
      satisfactionRate: 'Satisfaction rate',
      onTimeRate: 'On-time rate',
      temperatureGap: 'Temperature gap',
    },
    of: '{{n}} of {{d}}',
    gapOf: '{{d}} rated',
    noData: 'No data yet',
    folded: '{{count}} folded: most residents find them of little concern',
    ask: 'Does this figure concern you?',
    relevant: 'Yes',
    irrelevant: 'No',
    skip: 'Skip',
    thanks: 'Thank you — your answer keeps the figures close to what matters',
    definitions: 'Definitions',
    version: 'Definition {{v}}',
  },
  open: {
    title: '{{name}} · Open data',
    subtitle: '{{street}} · last 90 days ({{from}} to {{to}}) · no sign-in',
    counts: 'Requests',
    received: 'Received',
    closed: 'Closed',
    open: 'In progress',
    dataUse: 'Data use',
    dataUseHint: '{{n}} of {{d}} requests fed an assignment, resolution or decision',
    examples: 'Resolved (shown with the reporter’s consent)',
    examplesNone: 'No consented examples yet',
    days: 'closed in {{n}} days',
    satisfaction: { satisfied: 'satisfied', basic: 'basically satisfied', unsatisfied: 'not satisfied' },
    resolutions: 'Council resolutions',
    resolutionsNone: 'No resolutions yet',
    status: { planned: 'Planned', in_progress: 'In progress', done: 'Done' },
    due: 'due {{d}}',
    projects: 'Projects',
    projectsNone: 'No projects yet',
    milestones: 'milestones {{done}} / {{n}}',
    budget: 'budget ¥{{y}}',
    download: 'Download open data',
    notFound: 'No such community',
  },
};
i18n.addResourceBundle('zh-CN', 'translation', { h5: zh }, true, true);
i18n.addResourceBundle('en-US', 'translation', { h5: en }, true, true);

const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
const lang = () => (i18n.language?.startsWith('en') ? 'en-US' : 'zh-CN');

/** One figure card; `ask` shows the reverse-survey question under it. */
function Figure({ f, ask }: { f: PublicFigure; ask?: { id: number; onDone: () => void } }) {
  const { t } = useTranslation();
  const m = (k: string, o?: Record<string, unknown>) => t(`h5.figs.${k}`, o);
  const qc = useQueryClient();
  const send = useMutation({
    mutationFn: (answer: 'relevant' | 'irrelevant' | 'skip') =>
      api(`/api/insights/survey/${ask?.id}/answer`, { method: 'POST', json: { answer } }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: m('thanks') });
      ask?.onDone();
      void qc.invalidateQueries({ queryKey: ['insights', 'figures'] });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  const value =
    f.value === null
      ? m('noData')
      : f.key === 'requests'
        ? String(f.value)
        : f.key === 'temperatureGap'
          ? `${f.value > 0 ? '+' : ''}${f.value}℃`
          : pct(f.value);
  const sub =
    f.key === 'temperatureGap'
      ? m('gapOf', { d: f.denominator ?? 0 })
      : f.numerator !== null && f.denominator !== null
        ? m('of', { n: f.numerator, d: f.denominator })
        : '';
  return (
    <section
      className={`h5-fig${ask ? ' h5-fig-wide' : ''}`}
      data-testid={`h5-fig-${f.key}`}
      data-folded={f.folded ? 'true' : 'false'}
    >
      <div className="h5-fig-name">{m(`name.${f.key}`)}</div>
      <div className={`h5-fig-value${f.key === 'temperatureGap' && (f.value ?? 0) < 0 ? ' cold' : ''}`}>
        {value}
      </div>
      {sub && <div className="h5-fig-sub">{sub}</div>}
      {ask && (
        <div className="h5-fig-ask" data-testid="h5-survey">
          <p>{m('ask')}</p>
          <div className="h5-fig-ask-buttons">
            {(['relevant', 'irrelevant', 'skip'] as const).map((a) => (
              <Button
                key={a}
                size="middle"
                color={a === 'skip' ? 'default' : 'primary'}
                fill={a === 'relevant' ? 'solid' : 'outline'}
                loading={send.isPending && send.variables === a}
                disabled={send.isPending}
                onClick={() => send.mutate(a)}
                data-testid={`h5-survey-${a}`}
              >
                {m(a)}
              </Button>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}

/** Figures: the heavier first; down-weighted ones folded at the end. */
function Figures({
  figures,
  question,
  onAnswered,
}: {
  figures: PublicFigure[];
  question?: SurveyQuestion['question'];
  onAnswered?: () => void;
}) {
  const { t } = useTranslation();
  const shown = figures.filter((f) => !f.folded);
  const folded = figures.filter((f) => f.folded);
  const card = (f: PublicFigure) => (
    <Figure
      key={f.key}
      f={f}
      ask={
        question && question.figure === f.key ? { id: question.id, onDone: () => onAnswered?.() } : undefined
      }
    />
  );
  return (
    <>
      <div className="h5-fig-grid">{shown.map(card)}</div>
      {folded.length > 0 && (
        <details
          className="h5-folded"
          data-testid="h5-folded"
          open={!!question && folded.some((f) => f.key === question.figure)}
        >
          <summary>{t('h5.figs.folded', { count: folded.length })}</summary>
          {folded.map(card)}
        </details>
      )}
    </>
  );
}

function Definitions({ defs }: { defs: FigureDefinition[] }) {
  const { t } = useTranslation();
  return (
    <details className="h5-card">
      <summary className="h5-card-title h5-summary">{t('h5.figs.definitions')}</summary>
      <dl className="h5-open-defs">
        {defs.map((d) => (
          <div key={d.key}>
            <dt>{t('h5.figs.version', { v: d.version })}</dt>
            <dd>{d[lang()]}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** 社区数据 (signed in): my community's figures; sometimes the server asks "这条数据与你有关吗?". */
export function CommunityFiguresPage(_: { me: Me }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['insights', 'figures'],
    queryFn: () => api<ResidentFigures>('/api/insights/figures'),
  });
  const [question, setQuestion] = useState<SurveyQuestion['question']>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (!q.data || asked.current) return;
    asked.current = true;
    api<SurveyQuestion>('/api/insights/survey/ask', { method: 'POST', json: {} })
      .then((r) => setQuestion(r.question))
      .catch(() => undefined);
  }, [q.data]);
  return (
    <>
      <SubHeader
        title={q.data ? `${q.data.community.name} · ${t('h5.figs.title')}` : t('h5.figs.title')}
        subtitle={q.data ? t('h5.figs.subtitle', { from: q.data.from, to: q.data.to }) : undefined}
      />
      <div className="h5-content">
        {q.isError && <LoadError error={q.error} onRetry={() => void q.refetch()} />}
        {q.data && (
          <>
            <Figures figures={q.data.figures} question={question} onAnswered={() => setQuestion(null)} />
            <Definitions defs={q.data.definitions} />
          </>
        )}
      </div>
    </>
  );
}

/** The public page's header: no back button (a visitor arrives from a link or a QR code, there is nothing behind). */
function OpenHeader({ title, subtitle }: { title: string; subtitle?: string }) {
  const { t, i18n: i } = useTranslation();
  const en = i.language?.startsWith('en');
  return (
    <header className="h5-hero h5-subhero">
      <div className="h5-hero-bar">
        <button
          type="button"
          className="h5-lang-toggle"
          data-testid="h5-lang-toggle"
          aria-label={t('h5.login.switchToLabel')}
          lang={en ? 'zh-CN' : 'en'}
          onClick={() => setLanguage(en ? 'zh-CN' : 'en-US')}
        >
          {t('h5.login.switchTo')}
        </button>
      </div>
      <h1 className="h5-subhero-title">{title}</h1>
      {subtitle && <p className="h5-subhero-sub">{subtitle}</p>}
    </header>
  );
}

/** 社区公开页 (no sign-in): the community's figures, resolved examples, resolutions and projects, open data links. */
export function OpenCommunityPage() {
  const { t } = useTranslation();
  const m = (k: string, o?: Record<string, unknown>) => t(`h5.open.${k}`, o);
  const { code = '' } = useParams();
  const q = useQuery({
    queryKey: ['open', code],
    queryFn: () => api<OpenCommunity>(`/api/open/communities/${encodeURIComponent(code)}`),
    retry: false,
  });
  const d = q.data;
  useEffect(() => {
    if (d) document.title = m('title', { name: d.community.name });
  });
  if (q.isError)
    return (
      <>
        <OpenHeader title={m('notFound')} />
        <div className="h5-content">
          <LoadError error={q.error} onRetry={() => void q.refetch()} />
        </div>
      </>
    );
  if (!d) return <OpenHeader title="…" />;
  const use = d.dataUse;
  return (
    <>
      <OpenHeader
        title={m('title', { name: d.community.name })}
        subtitle={m('subtitle', { street: d.community.street ?? '', from: d.from, to: d.to })}
      />
      <div className="h5-content" data-testid="h5-open">
        <Figures figures={d.figures} />
        <section className="h5-card">
          <h2 className="h5-card-title">{m('counts')}</h2>
          <div className="h5-stats h5-open-stats">
            <div className="h5-stat">
              <b>{d.counts.requests}</b>
              <span>{m('received')}</span>
            </div>
            <div className="h5-stat">
              <b>{d.counts.closed}</b>
              <span>{m('closed')}</span>
            </div>
            <div className="h5-stat">
              <b>{d.counts.open}</b>
              <span>{m('open')}</span>
            </div>
            <div className="h5-stat">
              <b>{use.value === null ? '—' : pct(use.value)}</b>
              <span>{m('dataUse')}</span>
            </div>
          </div>
          <p className="h5-hint">{m('dataUseHint', { n: use.numerator, d: use.denominator })}</p>
        </section>
        <section className="h5-card" data-testid="h5-open-examples">
          <h2 className="h5-card-title">{m('examples')}</h2>
          {d.resolvedExamples.length === 0 ? (
            <p className="h5-hint">{m('examplesNone')}</p>
          ) : (
            <ul className="h5-open-list">
              {d.resolvedExamples.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list, never reordered; rows may be alike
                <li key={`${e.closedOn}-${i}`}>
                  <b>{e.category[lang()]}</b>
                  {e.grid ? ` · ${e.grid}` : ''}
                  <div className="h5-fig-sub">
                    {e.receivedOn} → {e.closedOn} · {m('days', { n: e.days })}
                    {e.satisfaction ? ` · ${m(`satisfaction.${e.satisfaction}`)}` : ''}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="h5-card">
          <h2 className="h5-card-title">{m('resolutions')}</h2>
          {d.resolutions.length === 0 ? (
            <p className="h5-hint">{m('resolutionsNone')}</p>
          ) : (
            <ul className="h5-open-list">
              {d.resolutions.map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list, never reordered; rows may be alike
                <li key={`${r.dueDate}-${i}`}>
                  {r.text}
                  <div className="h5-fig-sub">
                    {m(`status.${r.status}`)} · {r.progress}% · {m('due', { d: r.dueDate })}
                  </div>
                  <div className="h5-open-bar" aria-hidden="true">
                    <span style={{ width: `${r.progress}%` }} />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="h5-card">
          <h2 className="h5-card-title">{m('projects')}</h2>
          {d.projects.length === 0 ? (
            <p className="h5-hint">{m('projectsNone')}</p>
          ) : (
            <ul className="h5-open-list">
              {d.projects.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list, never reordered; rows may be alike
                <li key={`${p.title}-${i}`}>
                  {p.title}
                  <div className="h5-fig-sub">
                    {m('milestones', { done: p.milestonesDone, n: p.milestones })}
                    {p.budgetYuan > 0 ? ` · ${m('budget', { y: p.budgetYuan.toLocaleString() })}` : ''}
                  </div>
                  <div className="h5-open-bar" aria-hidden="true">
                    <span
                      style={{ width: `${p.milestones ? (100 * p.milestonesDone) / p.milestones : 0}%` }}
                    />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <Definitions defs={d.definitions} />
        <section className="h5-card">
          <h2 className="h5-card-title">{m('download')}</h2>
          <div className="h5-open-links">
            <a href={`/api/open/communities/${code}/data.json`} data-testid="h5-open-json">
              JSON
            </a>
            <a href={`/api/open/communities/${code}/data.csv`} data-testid="h5-open-csv">
              CSV
            </a>
          </div>
          <p className="h5-hint">{d.licence}</p>
        </section>
      </div>
    </>
  );
}
