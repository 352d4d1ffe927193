/* Hash routing: `#/templates`, `#/tasks?<filters>`, `#/tasks/<id>`, `#/charts`, `#/workers`. */

import { byId } from './dom.js';
import { showError } from './notices.js';

/**
 * A view of the page, one module each under views/. `load` fills the view's section for `route`
 * and drops what it read once `stale()` says the user has moved on; the rest is optional.
 * @typedef {object} View
 * @property {() => void} [wire] adds the listeners of the view's own controls, once
 * @property {(route: Route) => void} [enter] runs each time the view is navigated to, before `load`
 * @property {(route: Route, stale: () => boolean) => Promise<void>} load
 * @property {(kind: string, data: object, route: Route) => boolean} [concerns] does a live event change what it shows?
 * @property {number} [eventDelayMs] how long a burst of events may gather before it reloads (200 ms if not said)
 */

/**
 * Where the page is: `view` is a key of the views, `id` the task of `#/tasks/<id>`, `query` the
 * part after `?`.
 * @typedef {{ view: string, id: string | null, query: string }} Route
 */

/** @type {Record<string, View>} */
let views = {};
/** @type {Route} */
let route = { view: 'templates', id: null, query: '' };
/** Bumped on every navigation, so an answer for a view left meanwhile is dropped. */
let seq = 0;

function parseRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = hash.split('?');
  const [view, ...rest] = path.split('/');
  if (view === 'tasks' && rest.length > 0 && rest[0] !== '') return { view: 'task', id: decodeURIComponent(rest.join('/')), query: '' };
  if (['templates', 'tasks', 'charts', 'workers'].includes(view)) return { view, id: null, query };
  return { view: 'templates', id: null, query: '' };
}

/** Sets the views (keyed by route view) and follows the address from now on. */
export function startRouting(table) {
  views = table;
  window.addEventListener('hashchange', () => void showRoute());
}

/** The route shown now. */
export const currentRoute = () => route;

/** The view shown now. */
export const currentView = () => views[route.view];

/** Shows the view the address names and loads it. */
export function showRoute() {
  route = parseRoute();
  seq += 1;
  const { view } = route;
  for (const section of document.querySelectorAll('main > section')) section.hidden = section.dataset.view !== view;
  const navView = view === 'task' ? 'tasks' : view;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.view === navView);
  const shown = currentView();
  if (shown.enter) shown.enter(route);
  byId('error-banner').hidden = true;
  return refresh();
}

/** Loads the current view's data again (after an action, an event, a resume). */
export async function refresh() {
  const mine = seq;
  const stale = () => mine !== seq;
  try {
    await currentView().load(route, stale);
  } catch (err) {
    if (!stale()) showError(err);
  }
}
