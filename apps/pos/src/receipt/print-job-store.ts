/** A print waiting for the printer: the bytes are made when the sale is done, so a retry prints
 * exactly what the cashier saw. */
export interface PrintJob {
  readonly id: string;
  /** Receipt number, or "test": what the cashier is told is waiting. */
  readonly label: string;
  readonly bytes: Uint8Array;
  readonly createdAt: string;
  readonly attempts: number;
  readonly lastError: string | null;
}

/** Where queued prints survive a reload or a crash. */
export interface PrintJobStore {
  all(): Promise<PrintJob[]>;
  put(job: PrintJob): Promise<void>;
  remove(id: string): Promise<void>;
}

export function memoryPrintJobStore(): PrintJobStore {
  const jobs = new Map<string, PrintJob>();
  return {
    all: () => Promise.resolve([...jobs.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt))),
    put: (job) => {
      jobs.set(job.id, job);
      return Promise.resolve();
    },
    remove: (id) => {
      jobs.delete(id);
      return Promise.resolve();
    },
  };
}

const STORE = 'jobs';

/**
 * Queued prints in their own small IndexedDB database, apart from the sync store: printing is the
 * till's business, and a print write never shares a transaction (or waits) with a sale's.
 */
export function indexedDbPrintJobStore(factory: IDBFactory, name: string): PrintJobStore {
  let opened: Promise<IDBDatabase> | null = null;
  const db = (): Promise<IDBDatabase> => {
    opened ??= new Promise((resolve, reject) => {
      const req = factory.open(name, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore(STORE, { keyPath: 'id' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('print queue: open failed'));
    });
    return opened;
  };
  const run = async <T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const tx = (await db()).transaction(STORE, mode);
    const req = work(tx.objectStore(STORE));
    return new Promise<T>((resolve, reject) => {
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('print queue: transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('print queue: transaction aborted'));
    });
  };
  return {
    all: async () =>
      ((await run('readonly', (s) => s.getAll())) as PrintJob[]).sort((a, b) =>
        a.createdAt.localeCompare(b.createdAt),
      ),
    put: async (job) => {
      await run('readwrite', (s) => s.put(job));
    },
    remove: async (id) => {
      await run('readwrite', (s) => s.delete(id));
    },
  };
}
