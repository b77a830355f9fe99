/**
 * Registers the service worker (production builds only) and asks the browser to keep this
 * origin's storage: unsynced sales live only here until they sync, so eviction would lose money.
 * Returns whether storage is persisted (false when the browser declined or cannot tell).
 */
export async function registerServiceWorker(nav: Navigator, isProduction: boolean): Promise<boolean> {
  if (isProduction && 'serviceWorker' in nav) {
    try {
      await nav.serviceWorker.register('./sw.js', { scope: './' });
    } catch {
      // No service worker (e.g. plain http on a LAN address): the app still works online.
    }
  }
  try {
    if (typeof nav.storage?.persist !== 'function') return false;
    return (await nav.storage.persisted()) || (await nav.storage.persist());
  } catch {
    return false;
  }
}
