import type {
  AnnualStatement,
  LedgerAccount,
  LedgerEntry,
  LedgerItem,
  Me,
  Voucher,
} from '@doorstep/contract';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Input, Toast } from 'antd-mobile';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import i18n from '../../app/i18n';
import { LoadError } from '../components/LoadError';
import { when } from '../records/MyDataPage';
import { SubHeader } from '../requests/ui';
import { h5LedgerEnUS, h5LedgerZhCN } from './i18n';
import './ledger.css';
import { canScan, ScanPopup, VoucherQrPopup } from './VoucherQr';

i18n.addResourceBundle('zh-CN', 'translation', { h5: h5LedgerZhCN }, true, true);
i18n.addResourceBundle('en-US', 'translation', { h5: h5LedgerEnUS }, true, true);

// base units per displayed unit (contract LEDGER_UNITS; types only here, no zod on the H5 side)
const SCALE: Record<LedgerAccount['unit'], number> = { points: 1, hours: 60, credit: 1, money: 100 };
const shown = (amount: number, unit: LedgerAccount['unit']) => {
  const v = amount / SCALE[unit];
  return Number.isInteger(v) ? String(v) : v.toFixed(unit === 'money' ? 2 : 1);
};

/**
 * 我的积分: balances per unit (a merchant's credit with its standing), the statement with each entry's reason and
 * source, the rewards shop (积分超市) and my vouchers with their codes.
 */
export function MyPointsPage({ me }: { me: Me }) {
  const { t, i18n: i } = useTranslation();
  const m = (k: string, o?: Record<string, unknown>) => t(`h5.points.${k}`, o);
  const lang = i.language || 'zh-CN';
  const qc = useQueryClient();
  const accounts = useQuery({
    queryKey: ['ledger', 'me', 'accounts'],
    queryFn: () => api<{ items: LedgerAccount[] }>('/api/ledger/me/accounts').then((r) => r.items),
  });
  const statement = useInfiniteQuery({
    queryKey: ['ledger', 'me', 'entries'],
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      api<{ items: LedgerEntry[]; total: number; page: number; pageSize: number }>(
        `/api/ledger/me/entries?page=${pageParam}&pageSize=20`,
      ),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  const items = useQuery({
    queryKey: ['ledger', 'items'],
    queryFn: () =>
      api<{ items: LedgerItem[] }>('/api/ledger/items').then((r) => r.items.filter((x) => x.active)),
  });
  const vouchers = useQuery({
    queryKey: ['ledger', 'vouchers'],
    queryFn: () => api<{ items: Voucher[] }>('/api/ledger/vouchers/mine').then((r) => r.items),
  });
  const redeem = useMutation({
    mutationFn: (item: LedgerItem) =>
      api<Voucher>(`/api/ledger/items/${item.id}/redeem`, {
        method: 'POST',
        headers: { 'idempotency-key': `redeem-${item.id}-${crypto.randomUUID()}` },
      }),
    onSuccess: (v) => {
      Toast.show({ icon: 'success', content: m('redeemed', { code: v.code }) });
      void qc.invalidateQueries({ queryKey: ['ledger'] });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  const ask = async (item: LedgerItem) => {
    const ok = await Dialog.confirm({
      content: m('redeemConfirm', {
        price: shown(item.price, item.unit),
        unit: m(`unit.${item.unit}`),
        name: item.name,
      }),
      confirmText: m('redeem'),
      cancelText: t('common.cancel'),
    });
    if (ok) redeem.mutate(item);
  };

  const year = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
  const annual = useQuery({
    queryKey: ['ledger', 'me', 'annual', year],
    queryFn: () => api<AnnualStatement>(`/api/ledger/me/annual?year=${year}`),
  });
  const hours = accounts.data?.find((a) => a.unit === 'hours' && a.ownerKind === 'person');
  const [giving, setGiving] = useState(false);
  const [givePhone, setGivePhone] = useState('');
  const [giveHours, setGiveHours] = useState('');
  const [giveKey, setGiveKey] = useState(() => crypto.randomUUID());
  const give = useMutation({
    mutationFn: () =>
      api<LedgerEntry>('/api/ledger/me/transfers', {
        method: 'POST',
        headers: { 'idempotency-key': `give-${giveKey}` },
        json: { unit: 'hours', amount: Math.round(Number(giveHours) * 60), phone: givePhone.trim() },
      }),
    onSuccess: (e) => {
      Toast.show({
        icon: 'success',
        content: m('given', { who: e.creditName, hours: shown(e.amount, 'hours') }),
      });
      setGiving(false);
      setGivePhone('');
      setGiveHours('');
      setGiveKey(crypto.randomUUID());
      void qc.invalidateQueries({ queryKey: ['ledger'] });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  const affords = (item: LedgerItem) =>
    (accounts.data ?? []).some(
      (a) =>
        a.ownerKind === 'person' &&
        a.unit === item.unit &&
        a.communityId === item.communityId &&
        a.balance >= item.price,
    );
  const merchant = me.roles.some((r) => r.role === 'merchant');
  // a voucher's QR code opens this page with ?use=CODE: the merchant only confirms
  const [code, setCode] = useState(() =>
    (new URLSearchParams(window.location.search).get('use') ?? '').toUpperCase().slice(0, 8),
  );
  const [scanning, setScanning] = useState(false);
  const [showing, setShowing] = useState<Voucher>();
  const scanned = useCallback((c: string) => {
    setCode(c);
    setScanning(false);
  }, []);
  const shopVouchers = useQuery({
    queryKey: ['ledger', 'vouchers', 'merchant'],
    queryFn: () => api<{ items: Voucher[] }>('/api/ledger/vouchers/merchant').then((r) => r.items),
    enabled: merchant,
  });
  const use = useMutation({
    mutationFn: (c: string) =>
      api<Voucher>('/api/ledger/vouchers/use', { method: 'POST', json: { code: c } }),
    onSuccess: (v) => {
      Toast.show({ icon: 'success', content: m('usedOk', { name: v.itemName, who: v.holderName }) });
      setCode('');
      void qc.invalidateQueries({ queryKey: ['ledger'] });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  const failed = (accounts.error ?? statement.error ?? items.error ?? vouchers.error) as ApiError | null;
  const entries = statement.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <SubHeader title={m('title')} subtitle={m('subtitle')} fallback="/me" />
      <div className="h5-content h5-content-sub">
        {failed && (
          <LoadError error={failed} onRetry={() => void qc.invalidateQueries({ queryKey: ['ledger'] })} />
        )}
        <section className="h5-card" aria-labelledby="h5-points-balances" data-testid="h5-points-balances">
          <h2 className="h5-card-title" id="h5-points-balances">
            {m('balances')}
          </h2>
          {accounts.isPending ? (
            <p className="h5-hint">{t('common.loading')}</p>
          ) : !accounts.data?.length ? (
            <p className="h5-hint">{m('none')}</p>
          ) : (
            <ul className="h5-balances">
              {accounts.data.map((a) => (
                <li key={a.id} className={`h5-balance h5-balance-${a.unit}`}>
                  <span className="h5-balance-name">
                    {a.ownerKind === 'merchant' ? a.name : m(`unitName.${a.unit}`)}
                  </span>
                  <span className="h5-balance-value">
                    {shown(a.balance, a.unit)}
                    <small> {m(`unit.${a.unit}`)}</small>
                  </span>
                  {a.standing && (
                    <span className={`h5-standing h5-standing-${a.standing}`}>
                      {m(`standing.${a.standing}`)}
                    </span>
                  )}
                  <span className="h5-balance-where">{a.communityName}</span>
                </li>
              ))}
            </ul>
          )}
        </section>

        {merchant && (
          <section className="h5-card" aria-labelledby="h5-points-use" data-testid="h5-points-use">
            <h2 className="h5-card-title" id="h5-points-use">
              {m('useTitle')}
            </h2>
            <p className="h5-hint">{m('useHint')}</p>
            <form
              className="h5-use-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (code.trim()) use.mutate(code.trim().toUpperCase());
              }}
            >
              <Input
                value={code}
                onChange={setCode}
                placeholder={m('usePlaceholder')}
                maxLength={8}
                aria-label={m('code')}
                data-testid="h5-use-code"
              />
              <Button type="submit" color="primary" loading={use.isPending} data-testid="h5-use-submit">
                {m('useSubmit')}
              </Button>
            </form>
            {canScan() && (
              <Button block fill="outline" style={{ marginTop: 8 }} onClick={() => setScanning(true)}>
                {m('scan')}
              </Button>
            )}
            {scanning && <ScanPopup onCode={scanned} onClose={() => setScanning(false)} />}
            {(shopVouchers.data?.length ?? 0) > 0 && (
              <ul className="h5-vouchers">
                {shopVouchers.data?.map((v) => (
                  <li key={v.id} className={v.usedAt ? 'h5-voucher used' : 'h5-voucher'}>
                    <div>
                      <b>{v.itemName}</b>
                      <span>{v.holderName}</span>
                    </div>
                    <div className="h5-voucher-code">
                      <span className="sr-only">{m('code')} </span>
                      {v.code}
                      <small>{v.usedAt ? `${m('used')} ${when(v.usedAt, lang)}` : m('unused')}</small>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}

        {hours && hours.balance > 0 && (
          <section className="h5-card" aria-labelledby="h5-points-give" data-testid="h5-points-give">
            <h2 className="h5-card-title" id="h5-points-give">
              {m('giveTitle')}
            </h2>
            <p className="h5-hint">{m('giveHint')}</p>
            {giving ? (
              <form
                className="h5-give-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  give.mutate();
                }}
              >
                <Input
                  value={givePhone}
                  onChange={setGivePhone}
                  type="tel"
                  maxLength={11}
                  placeholder={m('givePhone')}
                  aria-label={m('givePhone')}
                  data-testid="h5-give-phone"
                />
                <Input
                  value={giveHours}
                  onChange={setGiveHours}
                  type="number"
                  placeholder={m('giveHours', { max: shown(hours.balance, 'hours') })}
                  aria-label={m('giveHoursLabel')}
                  data-testid="h5-give-hours"
                />
                <Button
                  type="submit"
                  color="primary"
                  block
                  loading={give.isPending}
                  disabled={!/^1[3-9]\d{9}$/.test(givePhone.trim()) || !(Number(giveHours) > 0)}
                  data-testid="h5-give-submit"
                >
                  {m('giveSubmit')}
                </Button>
              </form>
            ) : (
              <Button
                block
                fill="outline"
                color="primary"
                onClick={() => setGiving(true)}
                data-testid="h5-give-open"
              >
                {m('giveOpen')}
              </Button>
            )}
          </section>
        )}

        <section className="h5-card" aria-labelledby="h5-points-shop" data-testid="h5-points-shop">
          <h2 className="h5-card-title" id="h5-points-shop">
            {m('shop')}
          </h2>
          <p className="h5-hint">{m('shopHint')}</p>
          {items.isPending ? (
            <p className="h5-hint">{t('common.loading')}</p>
          ) : !items.data?.length ? (
            <p className="h5-hint">{m('shopNone')}</p>
          ) : (
            <ul className="h5-shop">
              {items.data.map((item) => (
                <li key={item.id} className="h5-shop-item">
                  <div className="h5-shop-text">
                    <b>{item.name}</b>
                    {item.description && <span>{item.description}</span>}
                    <span className="h5-shop-price">
                      {m('price', { price: shown(item.price, item.unit), unit: m(`unit.${item.unit}`) })}
                      {' · '}
                      {item.stock > 0 ? m('stock', { n: item.stock }) : m('soldOut')}
                      {item.stock > 0 && accounts.data && !affords(item) ? ` · ${m('notEnough')}` : ''}
                    </span>
                  </div>
                  <Button
                    color="primary"
                    size="middle"
                    disabled={item.stock <= 0 || !affords(item)}
                    loading={redeem.isPending && redeem.variables?.id === item.id}
                    onClick={() => void ask(item)}
                    data-testid={`h5-redeem-${item.id}`}
                  >
                    {m('redeem')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </section>

        {(vouchers.data?.length ?? 0) > 0 && (
          <section className="h5-card" aria-labelledby="h5-points-vouchers" data-testid="h5-points-vouchers">
            <h2 className="h5-card-title" id="h5-points-vouchers">
              {m('vouchers')}
            </h2>
            <ul className="h5-vouchers">
              {vouchers.data?.map((v) => (
                <li key={v.id} className={v.usedAt ? 'h5-voucher used' : 'h5-voucher'}>
                  <div>
                    <b>{v.itemName}</b>
                    <span>{m('showTo', { who: v.merchantName ?? m('community') })}</span>
                    {!v.usedAt && (
                      <span className="h5-voucher-actions">
                        <Button
                          size="small"
                          color="primary"
                          fill="outline"
                          onClick={() => setShowing(v)}
                          data-testid={`h5-voucher-show-${v.code}`}
                        >
                          {m('showQr')}
                        </Button>
                      </span>
                    )}
                  </div>
                  <div className="h5-voucher-code">
                    <span className="sr-only">{m('code')} </span>
                    {v.code}
                    <small>{v.usedAt ? `${m('used')} ${when(v.usedAt, lang)}` : m('unused')}</small>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        )}

        {showing && (
          <VoucherQrPopup code={showing.code} item={showing.itemName} onClose={() => setShowing(undefined)} />
        )}

        {(annual.data?.accounts.length ?? 0) > 0 && (
          <section className="h5-card" aria-labelledby="h5-points-annual" data-testid="h5-points-annual">
            <h2 className="h5-card-title" id="h5-points-annual">
              {m('annual', { year })}
            </h2>
            <table className="h5-annual">
              <thead>
                <tr>
                  <th scope="col">{m('annualAccount')}</th>
                  <th scope="col">{m('annualIn')}</th>
                  <th scope="col">{m('annualOut')}</th>
                  <th scope="col">{m('annualClose')}</th>
                </tr>
              </thead>
              <tbody>
                {annual.data?.accounts.map((a) => (
                  <tr key={a.accountId}>
                    <th scope="row">{a.unit === 'credit' ? a.name : m(`unitName.${a.unit}`)}</th>
                    <td>+{shown(a.received, a.unit)}</td>
                    <td>−{shown(a.spent, a.unit)}</td>
                    <td>
                      <b>{shown(a.closing, a.unit)}</b> {m(`unit.${a.unit}`)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="h5-hint">{m('annualHint')}</p>
          </section>
        )}

        <section className="h5-card" aria-labelledby="h5-points-statement" data-testid="h5-points-statement">
          <h2 className="h5-card-title" id="h5-points-statement">
            {m('statement')}
          </h2>
          {statement.isPending ? (
            <p className="h5-hint">{t('common.loading')}</p>
          ) : !entries.length ? (
            <p className="h5-hint">{m('statementNone')}</p>
          ) : (
            <ol className="h5-statement">
              {entries.map((e) => {
                const signed = e.signed ?? e.amount;
                return (
                  <li key={e.id} className="h5-entry">
                    <div className="h5-entry-text">
                      <b>{e.reverses ? m('reversal', { reason: e.reason }) : (e.ruleName ?? e.memo)}</b>
                      {!e.reverses && e.ruleName && e.memo && <span>{e.memo}</span>}
                      <span className="h5-entry-meta">
                        {when(e.at, lang)}
                        {e.approvedBy ? ` · ${m('approvedBy', { who: e.approvedBy })}` : ''}
                        {e.reversedBy ? ` · ${m('reversed')}` : ''}
                      </span>
                    </div>
                    <span className={signed >= 0 ? 'h5-entry-amount plus' : 'h5-entry-amount minus'}>
                      {signed >= 0 ? '+' : '−'}
                      {shown(Math.abs(signed), e.unit)}
                      <small> {m(`unit.${e.unit}`)}</small>
                    </span>
                  </li>
                );
              })}
            </ol>
          )}
          {statement.hasNextPage && (
            <Button
              block
              fill="outline"
              loading={statement.isFetchingNextPage}
              onClick={() => void statement.fetchNextPage()}
            >
              {m('more')}
            </Button>
          )}
        </section>
      </div>
    </>
  );
}
