import { useT } from '@kasir/ui';
import { useQueryParams } from '../app/use-query-params.ts';
import { BranchSelect } from '../common/branch-select.tsx';
import { HistoryPanel } from './history-panel.tsx';
import { LowStockPanel } from './low-stock-panel.tsx';
import { MarginPanel } from './margin-panel.tsx';
import { ReceivePanel } from './receive-panel.tsx';
import { StocktakePanel } from './stocktake-panel.tsx';
import { TransfersPanel } from './transfers-panel.tsx';
import './stock.css';

const TABS = ['low', 'receive', 'transfers', 'stocktake', 'history', 'margin'] as const;
type Tab = (typeof TABS)[number];

/** Stock operations of one branch (issue 12; docs/stock-operations.md). The tab is in the URL. */
export function StockScreen() {
  const { t } = useT();
  const params = useQueryParams();
  const f = params.pick('branchId', 'tab');
  const tab: Tab = (TABS as readonly string[]).includes(f.tab) ? (f.tab as Tab) : 'low';
  return (
    <section className="screen">
      <div className="screen__head">
        <h1>{t('stock.title')}</h1>
      </div>
      <div className="filters">
        <BranchSelect value={f.branchId} allowAll={false} onChange={(id) => params.set({ branchId: id })} />
      </div>
      <nav className="stock-tabs">
        {TABS.map((k) => (
          <button
            key={k}
            type="button"
            data-testid={`stock-tab-${k}`}
            className={k === tab ? 'k-btn k-btn--primary' : 'k-btn'}
            onClick={() => params.set({ tab: k })}
          >
            {t(`stock.tabs.${k}`)}
          </button>
        ))}
      </nav>
      {f.branchId === '' ? (
        <p className="muted">{t('stock.chooseBranch')}</p>
      ) : (
        <>
          {tab === 'low' && <LowStockPanel branchId={f.branchId} />}
          {tab === 'receive' && <ReceivePanel branchId={f.branchId} />}
          {tab === 'transfers' && <TransfersPanel branchId={f.branchId} />}
          {tab === 'stocktake' && <StocktakePanel branchId={f.branchId} />}
          {tab === 'history' && <HistoryPanel branchId={f.branchId} />}
          {tab === 'margin' && <MarginPanel branchId={f.branchId} />}
        </>
      )}
    </section>
  );
}
