import { useLocation, useNavigate } from 'react-router';

/**
 * "Back" as a person means it: to the screen they came from, or to `fallback` when this screen was
 * opened directly (a bookmark, a new tab), where the browser's back would leave the back office
 * for a blank page.
 */
export function useBack(fallback: string): () => Promise<void> {
  const navigate = useNavigate();
  const location = useLocation();
  // React Router names the first entry of a page load 'default'; a screen reached inside the
  // back office has a key of its own.
  const cameFromHere = location.key !== 'default';
  return async () => {
    if (cameFromHere) await navigate(-1);
    else await navigate(fallback, { replace: true });
  };
}
