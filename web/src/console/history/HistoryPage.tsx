import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../../app/queries';
import { isRequestStaff } from '../requests/access';
import { AccuracyCard } from './AccuracyCard';
import { HistoryImport } from './HistoryImport';
import { useImportRoots } from './useImportRoots';
import './i18n';
import './history.css';

type Tab = 'import' | 'accuracy';

/** 历史诉求导入 (/requests/history) with the suggester's accuracy as a second tab (?tab=accuracy). */
export default function HistoryPage() {
  const { t } = useTranslation();
  const h = (k: string) => t(`console.history.${k}`);
  const me = useMe().data!;
  const [search, setSearch] = useSearchParams();
  const tab: Tab = search.get('tab') === 'accuracy' ? 'accuracy' : 'import';
  const roots = useImportRoots();

  if (!isRequestStaff(me))
    return (
      <div className="ds-page">
        <Result status="403" title={h('forbidden')} />
      </div>
    );

  return (
    <div className="ds-page ds-history-page">
      <header className="ds-page-head">
        <h1 className="ds-page-title">{h('pageTitle')}</h1>
        <Link to="/requests">
          <Button icon={<ArrowLeftOutlined />}>{h('back')}</Button>
        </Link>
      </header>
      <p className="ds-page-intro">{h('intro')}</p>
      <Tabs
        activeKey={tab}
        onChange={(k) => setSearch(k === 'accuracy' ? { tab: k } : {}, { replace: true })}
        items={[
          {
            key: 'import',
            label: <span data-testid="history-tab-import">{h('tabs.import')}</span>,
            children: <HistoryImport roots={roots.options} />,
          },
          {
            key: 'accuracy',
            label: <span data-testid="history-tab-accuracy">{h('tabs.accuracy')}</span>,
            children: <AccuracyCard roots={roots.options} />,
          },
        ]}
      />
    </div>
  );
}
