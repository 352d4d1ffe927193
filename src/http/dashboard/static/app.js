/*
 * jittask dashboard: plain browser JavaScript as ES modules, served as they are (no build step, no
 * external resources). This module starts the page; each view is a module under views/.
 */

import { api, onTokenEntered } from './api.js';
import { byId } from './dom.js';
import { openEvents, toggleLive } from './live.js';
import { showError } from './notices.js';
import { currentRole, setRole } from './role.js';
import { showRoute, startRouting } from './router.js';
import { chartsView } from './views/charts.js';
import { taskView } from './views/task.js';
import { tasksView } from './views/tasks.js';
import { templatesView } from './views/templates.js';
import { workersView } from './views/workers.js';

/** The views by route: `task` is one task's page, `#/tasks/<id>`. */
const VIEWS = { templates: templatesView, tasks: tasksView, task: taskView, charts: chartsView, workers: workersView };

function wire() {
  startRouting(VIEWS);
  byId('live-toggle').addEventListener('click', toggleLive);
  for (const view of Object.values(VIEWS)) if (view.wire) view.wire();
  // A new token: the live updates reconnect with it.
  onTokenEntered(openEvents);
}

async function start() {
  wire();
  try {
    const me = await api('me');
    setRole(me.role);
  } catch (err) {
    showError(err);
  }
  document.body.dataset.role = currentRole() || '';
  byId('role').textContent = currentRole() || '';
  openEvents();
  await showRoute();
  document.body.dataset.ready = 'true';
}

void start();
