/** The i18n key of the sentence that leads the sync screen's last error, by the error's kind. */
export type SyncErrorLeadKey =
  'dash.lastError.network' | 'dash.lastError.server' | 'dash.lastError.storage' | 'dash.lastError.other';

/**
 * What the cashier reads above the technical detail of the last sync error (the status keeps the
 * engine's `describeApiError` text, "network: Failed to fetch" or "503 unavailable: ...", which
 * support reads in the sync log): the kind, told in the app's language, with what to do.
 */
export function syncErrorLead(lastError: string): SyncErrorLeadKey {
  if (lastError.startsWith('network:')) return 'dash.lastError.network';
  if (lastError.startsWith('storage:')) return 'dash.lastError.storage';
  if (/^\d{3} /.test(lastError) || lastError.startsWith('invalid_response:')) return 'dash.lastError.server';
  return 'dash.lastError.other';
}
