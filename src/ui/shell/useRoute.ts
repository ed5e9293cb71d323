import { useEffect, useState } from 'react';
import { parseBackendName, type BackendName } from '../../core/kinds';

export type Route = 'home' | 'ratings' | 'lab' | 'data' | 'profile';
const ROUTES: Route[] = ['home', 'ratings', 'lab', 'data', 'profile'];

/** Hash routes (#/lab …): they work from any static host and sub-path without server rewrites. */
export function useRoute(): Route {
  const read = (): Route => {
    const r = window.location.hash.replace(/^#\/?/, '') as Route;
    return ROUTES.includes(r) ? r : 'home';
  };
  const [route, setRoute] = useState<Route>(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export const href = (r: Route) => (r === 'home' ? '#/' : `#/${r}`);

/**
 * The backend override, `?backend=webgpu|webgl|wasm|cpu` (before the `#/route`): runs the models
 * there instead of the measured choice, for as long as the page is open.
 */
export function backendOverride(): BackendName | undefined {
  return parseBackendName(new URLSearchParams(window.location.search).get('backend'));
}

/** Reloads the page with another override (undefined: the measured choice). */
export function reloadWithBackend(b: BackendName | undefined): void {
  const url = new URL(window.location.href);
  if (b) url.searchParams.set('backend', b);
  else url.searchParams.delete('backend');
  window.location.assign(url.toString());
}
