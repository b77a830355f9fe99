import { useSyncExternalStore } from 'react';
import type { PrintQueue, PrintQueueStatus } from './print-queue.ts';

/** The print queue's status, re-rendering on every change. */
export function usePrintQueue(queue: PrintQueue): PrintQueueStatus {
  return useSyncExternalStore(
    (onChange) => queue.subscribe(onChange),
    () => queue.status,
    () => queue.status,
  );
}
