import { useEffect, useState } from 'react';

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
