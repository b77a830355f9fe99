import { StoreLossSummary } from '@kasir/protocol';
import type { JournalCopy, JournalMirror } from './journal-mirror.ts';

const COPY = /^(.+)\.json$/;
const COUNTER = /^counter-(\d+)$/;
/** `text` as JSON, or undefined when it is none. */
const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};
/** The last loss of the store (JSON); no `.json` ending, so it is never taken for a copy. */
const LOSS = 'store-lost';

/**
 * The mirror in the origin private file system, a folder per device store: one file per copy
 * (`<mutation id>.json`), one empty file naming the highest counter (`counter-<n>`) and the last
 * loss of the store (`store-lost`). The OPFS
 * is not IndexedDB's database, so Chromium deleting a corrupted IndexedDB leaves it. A file's
 * writer swaps the file in on `close`: a copy is whole or absent. Counter files are only ever
 * added, and lower ones removed once a higher one exists, so two tabs writing at once can never
 * lower the highest.
 */
/**
 * Writes `text` to the file `entry` of `dir`, whole or not at all: the writer swaps the file in on
 * `close`. Also the till's pairing copy (apps/pos pairing-backup.ts).
 */
export async function writeOpfsFile(
  dir: FileSystemDirectoryHandle,
  entry: string,
  text: string,
): Promise<void> {
  const writer = await (await dir.getFileHandle(entry, { create: true })).createWritable();
  try {
    await writer.write(text);
    await writer.close();
  } catch (e) {
    // An open writer would hold the file (its removal refused) and leave its swap file.
    await writer.abort().catch(() => undefined);
    throw e;
  }
}

export async function opfsJournalMirror(
  root: FileSystemDirectoryHandle,
  name: string,
): Promise<JournalMirror> {
  const dir = await root.getDirectoryHandle(`journal-${name}`, { create: true });
  const names = async (): Promise<string[]> => {
    const out: string[] = [];
    for await (const key of dir.keys()) out.push(key);
    return out;
  };
  const counters = (all: readonly string[]): number[] =>
    all.flatMap((n) => {
      const m = COUNTER.exec(n);
      return m?.[1] === undefined ? [] : [Number(m[1])];
    });
  const removeQuietly = (entry: string): Promise<void> =>
    // Already gone (another tab removed it): nothing to do.
    dir.removeEntry(entry).catch(() => undefined);
  const readCopy = async (id: string): Promise<JournalCopy[]> => {
    try {
      const text = await (await (await dir.getFileHandle(`${id}.json`)).getFile()).text();
      return [JSON.parse(text) as JournalCopy];
    } catch {
      // Removed meanwhile, or never finished (a crash before `close`: the swap file is not it).
      return [];
    }
  };
  const writeFile = (entry: string, text: string): Promise<void> => writeOpfsFile(dir, entry, text);
  return {
    put: (copy) => writeFile(`${copy.mutation.id}.json`, JSON.stringify(copy)),
    async keepCounter(n) {
      await dir.getFileHandle(`counter-${n}`, { create: true });
    },
    async remove(ids) {
      await Promise.all(ids.map((id) => removeQuietly(`${id}.json`)));
    },
    async ids() {
      return (await names()).flatMap((n) => {
        const m = COPY.exec(n);
        return m?.[1] === undefined ? [] : [m[1]];
      });
    },
    async read(ids) {
      return (await Promise.all(ids.map(readCopy))).flat();
    },
    async highestCounter() {
      // Read at start only: the lower counter files go here, never on a sale's or a push's path.
      const all = counters(await names());
      const top = Math.max(0, ...all);
      await Promise.all(all.filter((n) => n < top).map((n) => removeQuietly(`counter-${n}`)));
      return top;
    },
    noteLoss: (loss) => writeFile(LOSS, JSON.stringify(loss)),
    async lastLoss() {
      let text: string;
      try {
        text = await (await (await dir.getFileHandle(LOSS)).getFile()).text();
      } catch (e) {
        // Never lost: no file. Any other failure is thrown, and the engine asks again later.
        if (e instanceof DOMException && e.name === 'NotFoundError') return null;
        throw e;
      }
      // A write cut short (an empty file) or anything else unreadable: nothing to report, rather
      // than a report the server refuses.
      const parsed = StoreLossSummary.safeParse(safeJson(text));
      return parsed.success ? parsed.data : null;
    },
  };
}
