/**
 * "5 menit lalu" / "5 minutes ago": how long ago `then` was, coarsely (just now, minutes, hours,
 * days). Intl.RelativeTimeFormat says "5 menit yang lalu"; cashiers read the short form faster.
 */
export function relativeTime(thenMs: number, nowMs: number, language: string): string {
  const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  const en = language === 'en';
  if (seconds < 60) return en ? 'just now' : 'baru saja';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return en ? `${minutes} minute${minutes === 1 ? '' : 's'} ago` : `${minutes} menit lalu`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return en ? `${hours} hour${hours === 1 ? '' : 's'} ago` : `${hours} jam lalu`;
  const days = Math.floor(hours / 24);
  return en ? `${days} day${days === 1 ? '' : 's'} ago` : `${days} hari lalu`;
}
