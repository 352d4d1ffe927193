/* The Tasks view: filters kept in the address, key-based pages, overdue rows highlighted. */

import { api } from '../api.js';
import { byId, cell, h, statusBadge } from '../dom.js';
import { dash, toAppTime, toInputTime } from '../format.js';
import { refresh } from '../router.js';
import { fetchTemplates, knownTemplates } from './templates.js';

const FILTER_KEYS = ['q', 'status', 'template', 'rowId', 'from', 'to', 'limit'];

/** Key-based paging: the cursors of the pages before this one, and this page's. */
const paging = { query: null, before: [], cursor: null, next: null };

function fillFilterForm(params) {
  const form = byId('task-filters');
  for (const key of FILTER_KEYS) {
    const value = params.get(key) || '';
    const field = form.elements.namedItem(key);
    if (key === 'from' || key === 'to') field.value = toInputTime(value);
    else if (key === 'limit') field.value = value || '50';
    else field.value = value;
  }
}

function filtersFromForm() {
  const form = byId('task-filters');
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    let value = form.elements.namedItem(key).value.trim();
    if (key === 'from' || key === 'to') value = toAppTime(value);
    if (key === 'limit' && value === '50') value = '';
    if (value !== '') params.set(key, value);
  }
  return params;
}

async function load(route, stale) {
  const query = route.query;
  if (paging.query !== query) Object.assign(paging, { query, before: [], cursor: null, next: null });
  if (knownTemplates().length === 0) await fetchTemplates();
  const params = new URLSearchParams(query);
  if (!params.has('limit')) params.set('limit', '50');
  if (paging.cursor) params.set('cursor', paging.cursor);
  const answer = await api(`tasks?${params}`);
  if (stale()) return;
  paging.next = answer.nextCursor;
  byId('tasks-body').replaceChildren(...answer.tasks.map(taskRow));
  byId('tasks-empty').hidden = answer.tasks.length > 0;
  byId('tasks-page').textContent = `page ${paging.before.length + 1} · ${answer.tasks.length} tasks`;
  byId('tasks-first').disabled = paging.before.length === 0;
  byId('tasks-prev').disabled = paging.before.length === 0;
  byId('tasks-next').disabled = !paging.next;
}

function taskRow(t) {
  const link = `#/tasks/${encodeURIComponent(t.taskId)}`;
  return h(
    'tr',
    { 'data-testid': 'task-row', 'data-task-id': t.taskId, 'data-status': t.status, class: t.overdue ? 'overdue' : null },
    cell('Task id', h('a', { href: link, 'data-testid': 'task-link' }, h('code', {}, t.taskId))),
    cell('Template', t.fullName),
    cell('Function', h('code', {}, t.funcName)),
    cell('Due', t.startTime),
    cell(
      'Status',
      statusBadge(t.status, 'task-status'),
      t.overdue ? h('span', { class: 'badge overdue-badge', 'data-testid': 'task-overdue' }, 'overdue') : null,
    ),
    cell('Attempt', t.attempt),
    cell('Row id', t.rowId || dash),
    cell('Ended', t.endedAt || dash),
  );
}

function goToPage(change) {
  change(paging);
  void refresh();
}

function wire() {
  byId('task-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    const query = filtersFromForm().toString();
    const target = `#/tasks${query ? `?${query}` : ''}`;
    if (location.hash === target) void refresh();
    else location.hash = target;
  });
  byId('task-filters').addEventListener('reset', () => {
    setTimeout(() => {
      location.hash = '#/tasks';
    }, 0);
  });
  byId('tasks-next').addEventListener('click', () =>
    goToPage((p) => {
      if (!p.next) return;
      p.before.push(p.cursor);
      p.cursor = p.next;
    }),
  );
  byId('tasks-prev').addEventListener('click', () =>
    goToPage((p) => {
      p.cursor = p.before.length ? p.before.pop() : null;
    }),
  );
  byId('tasks-first').addEventListener('click', () =>
    goToPage((p) => {
      p.before = [];
      p.cursor = null;
    }),
  );
}

/** @type {import('../router.js').View} */
export const tasksView = {
  wire,
  enter(route) {
    // A task's page leads back to the list as the user last filtered it.
    byId('task-back').setAttribute('href', location.hash || '#/tasks');
    fillFilterForm(new URLSearchParams(route.query));
  },
  load,
  concerns: (kind) => kind === 'task',
};
