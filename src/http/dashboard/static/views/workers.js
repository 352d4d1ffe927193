/* The Workers view: the processes running the scheduler, with their last heartbeat. */

import { api } from '../api.js';
import { byId, cell, h } from '../dom.js';
import { isLive } from '../live.js';
import { currentRoute, refresh } from '../router.js';

async function load(_route, stale) {
  const workers = await api('workers');
  if (stale()) return;
  byId('workers-body').replaceChildren(
    ...workers.map((w) =>
      h(
        'tr',
        { 'data-testid': 'worker-row', 'data-worker-id': w.workerId },
        cell('Worker', h('code', {}, w.workerId), w.self ? h('span', { class: 'badge self' }, 'this server') : null),
        cell('Host', w.host),
        cell('pid', w.pid),
        cell('Started', w.startedAt),
        cell('Last beat', w.lastBeat),
        cell('Running', w.running),
      ),
    ),
  );
  byId('workers-empty').hidden = workers.length > 0;
}

/** @type {import('../router.js').View} */
export const workersView = {
  wire() {
    // Heartbeats are not events: the view looks again every few seconds while live.
    setInterval(() => {
      if (isLive() && currentRoute().view === 'workers') void refresh();
    }, 5000);
  },
  load,
};
