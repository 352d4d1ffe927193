/* One task's view: its facts, arguments, result, error and history; force-end and retry, confirmed. */

import { api } from '../api.js';
import { act, allow } from '../buttons.js';
import { byId, cell, h, statusBadge } from '../dom.js';
import { dash, json } from '../format.js';
import { confirmAction, toast } from '../notices.js';
import { isAdmin } from '../role.js';
import { currentRoute, refresh } from '../router.js';
import { FINISHED } from '../taskStatus.js';

async function load(route, stale) {
  const t = await api(`tasks/${encodeURIComponent(route.id)}`);
  if (stale()) return;
  byId('task-id').textContent = t.taskId;
  const facts = [
    ['Template', t.fullName],
    ['Task type', t.taskType],
    ['Function', t.funcName],
    ['Status', statusBadge(t.status, 'task-status')],
    ['Due', t.startTime],
    ['Attempt', h('span', { 'data-testid': 'task-attempt' }, t.attempt)],
    ['Row id', t.rowId || dash],
    ['Created', t.createdAt],
    ['Started', t.startedAt || dash],
    ['Ended', t.endedAt || dash],
  ];
  if (t.overdue) facts.push(['Overdue', h('span', { class: 'badge overdue-badge', 'data-testid': 'task-overdue' }, 'overdue')]);
  byId('task-facts').replaceChildren(...facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
  byId('task-argDict').textContent = json(t.argDict);
  byId('task-result').textContent = json(t.result);
  byId('task-error-box').hidden = !t.error;
  byId('task-error').textContent = t.error ? t.error.message : '';
  byId('task-stack').textContent = t.error && t.error.stack ? t.error.stack : '';
  byId('task-history').replaceChildren(
    ...(t.history || []).map((e) =>
      h(
        'tr',
        { 'data-testid': 'history-row' },
        cell('Attempt', e.attempt),
        cell('Event', e.event),
        cell('At', e.at),
        cell('Worker', e.workerId || dash),
        cell('Message', e.message || dash),
      ),
    ),
  );
  byId('task-actions').hidden = !isAdmin();
  const finished = FINISHED.includes(t.status);
  allow(byId('task-force-end'), !finished);
  allow(byId('task-retry'), finished);
}

async function forceEnd(button) {
  const id = currentRoute().id;
  if (!(await confirmAction(`Force-end task ${id}? A pending task will never run; a running one is stopped and its result discarded.`)))
    return;
  await act(button, async () => {
    const answer = await api(`tasks/${encodeURIComponent(id)}/forcedEnd`, {});
    toast(`Task ${answer.taskId} ended by force (it was ${answer.previousStatus}).`);
    await refresh();
  });
}

async function retry(button) {
  const id = currentRoute().id;
  if (!(await confirmAction(`Retry task ${id}? A new task runs now with the same template, function and arguments.`))) return;
  await act(button, async () => {
    const answer = await api(`tasks/${encodeURIComponent(id)}/retry`, {});
    toast(`Created task ${answer.taskId}, a retry of ${id}.`);
    location.hash = `#/tasks/${encodeURIComponent(answer.taskId)}`;
  });
}

function wire() {
  byId('task-force-end').addEventListener('click', (e) => void forceEnd(e.currentTarget));
  byId('task-retry').addEventListener('click', (e) => void retry(e.currentTarget));
}

/** @type {import('../router.js').View} */
export const taskView = {
  wire,
  load,
  concerns: (kind, data, route) => kind === 'task' && data.taskId === route.id,
};
