import type { SyncStatus } from '@kasir/sync';

/** The i18n key of the sentence that leads the sync screen's last error, by the error's kind. */
export type SyncErrorLeadKey =
  'dash.lastError.network' | 'dash.lastError.server' | 'dash.lastError.storage' | 'dash.lastError.other';

/**
 * What the cashier reads above the technical detail of the last sync error (`lastError`, the
 * engine's text, which support reads in the sync log): the kind the engine reported with it, told in
 * the app's language, with what to do. A status without a kind (mirrored from an older leader tab)
 * gets the general sentence.
 */
export function syncErrorLead(kind: SyncStatus['lastErrorKind']): SyncErrorLeadKey {
  switch (kind) {
    case 'network':
      return 'dash.lastError.network';
    case 'storage':
      return 'dash.lastError.storage';
    case 'http':
    case 'invalid_response':
      return 'dash.lastError.server';
    case undefined:
      return 'dash.lastError.other';
  }
}
