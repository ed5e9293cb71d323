import { useEffect, useState } from 'react';
import { parseBackendName, type BackendName } from '../../core/kinds';
import { movieIdOf } from '../details/detailsRoute';

export type Route = 'home' | 'ratings' | 'watchlist' | 'lab' | 'data' | 'profile';
const ROUTES: Route[] = ['home', 'ratings', 'watchlist', 'lab', 'data', 'profile'];

/**
 * Hash routes (#/lab …): they work from any static host and sub-path without server rewrites.
 * A film's details (#/movie/<id>, details/detailsRoute.ts) open over the page that was open, so
 * that page stays the route (home when the details URL is loaded directly).
 */
export function useRoute(): Route {
  const read = (before: Route): Route => {
    if (movieIdOf(window.location.hash) !== null) return before;
    const r = window.location.hash.replace(/^#\/?/, '') as Route;
    return ROUTES.includes(r) ? r : 'home';
  };
  const [route, setRoute] = useState<Route>(() => read('home'));
  useEffect(() => {
    const on = () => setRoute(read);
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
