/* Live updates: the server's events reload the view they concern, unless the user paused them. */

import { eventsUrl } from './api.js';
import { byId } from './dom.js';
import { currentRoute, currentView, refresh } from './router.js';

let live = true;
/** Events that arrived while live updates were paused: the view is refreshed once on resume. */
let missed = 0;
let events = null;
let refreshTimer = null;

/** Are live updates on (not paused by the user)? */
export const isLive = () => live;

function setLiveState(name, text) {
  const label = byId('live-state');
  label.dataset.state = name;
  label.textContent = text;
}

function showLiveState() {
  if (!live) setLiveState('paused', missed > 0 ? `paused · ${missed} updates waiting` : 'paused');
  else if (events && events.readyState === EventSource.OPEN) setLiveState('live', 'live');
  else setLiveState('connecting', 'connecting…');
}

function scheduleRefresh(delayMs) {
  if (refreshTimer !== null) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    // Paused meanwhile: the view being read stays as it is; resuming reloads it.
    if (!live) {
      missed += 1;
      showLiveState();
      return;
    }
    void refresh();
  }, delayMs);
}

function onEvent(kind, message) {
  let data = {};
  try {
    data = JSON.parse(message.data);
  } catch {
    /* an event without data still means "something changed" */
  }
  const view = currentView();
  if (!view.concerns || !view.concerns(kind, data, currentRoute())) return;
  if (!live) {
    missed += 1;
    showLiveState();
    return;
  }
  // Many events in a burst (a batch of tasks ending) cost one reload.
  scheduleRefresh(view.eventDelayMs ?? 200);
}

/** Listens to the server's events, again from the start (with a new token, say). */
export function openEvents() {
  if (events) events.close();
  events = new EventSource(eventsUrl());
  events.addEventListener('open', showLiveState);
  events.addEventListener('error', showLiveState);
  events.addEventListener('task', (m) => onEvent('task', m));
  events.addEventListener('templates', (m) => onEvent('templates', m));
}

/** Pauses or resumes live updates; resuming reloads the view if events were missed. */
export function toggleLive() {
  live = !live;
  const button = byId('live-toggle');
  button.textContent = live ? 'Pause live' : 'Resume live';
  button.setAttribute('aria-pressed', String(!live));
  const wasMissed = missed;
  missed = 0;
  showLiveState();
  if (live && wasMissed > 0) void refresh();
}
