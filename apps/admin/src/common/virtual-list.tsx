import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';

export interface VirtualListProps<T> {
  readonly items: readonly T[];
  readonly rowHeight: number;
  readonly renderRow: (item: T, index: number) => ReactNode;
  readonly rowKey: (item: T) => string;
  /** Called when the last rows come into view: load the next keyset page. */
  readonly onEndReached?: () => void;
  readonly header?: ReactNode;
  readonly testId?: string;
}

/**
 * A long list that renders only the rows in view (@tanstack/react-virtual), so 100,000 products
 * page in without the DOM growing. Rows are a CSS grid each; `header` is sticky.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  renderRow,
  rowKey,
  onEndReached,
  header,
  testId,
}: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  const rows = virtualizer.getVirtualItems();
  const last = rows[rows.length - 1];
  useEffect(() => {
    if (last !== undefined && last.index >= items.length - 10) onEndReached?.();
  }, [last, items.length, onEndReached]);
  return (
    <div className="vlist" ref={scroller} data-testid={testId}>
      {header}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {rows.map((r) => {
          const item = items[r.index];
          if (item === undefined) return null;
          return (
            <div
              key={rowKey(item)}
              className="vlist__row"
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: rowHeight,
                transform: `translateY(${r.start}px)`,
              }}
            >
              {renderRow(item, r.index)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
