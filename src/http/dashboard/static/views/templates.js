/* The Templates view: each task template with its rule, next and last run; pause, resume, run now. */

import { api } from '../api.js';
import { act } from '../buttons.js';
import { byId, cell, h, statusBadge } from '../dom.js';
import { dash } from '../format.js';
import { toast } from '../notices.js';
import { isAdmin } from '../role.js';
import { refresh } from '../router.js';

let templates = [];

/** The templates as last read. */
export const knownTemplates = () => templates;

/** Reads the templates, and offers them in the Tasks view's template filter. */
export async function fetchTemplates() {
  templates = await api('templates');
  const select = byId('filter-template');
  const chosen = select.value;
  select.replaceChildren(h('option', { value: '' }, 'any'), ...templates.map((t) => h('option', { value: t.fullName }, t.fullName)));
  select.value = chosen;
  return templates;
}

async function load(_route, stale) {
  const read = await fetchTemplates();
  if (stale()) return;
  byId('templates-body').replaceChildren(...read.map(templateRow));
  byId('templates-empty').hidden = read.length > 0;
}

function templateRow(t) {
  const stateText = !t.enabled ? 'disabled' : t.paused ? 'paused' : 'enabled';
  const last = t.lastRun
    ? h(
        'span',
        {},
        h(
          'a',
          { href: `#/tasks/${encodeURIComponent(t.lastRun.taskId)}`, 'data-testid': 'template-last-run' },
          statusBadge(t.lastRun.status, 'template-last-status'),
        ),
        ' ',
        t.lastRun.endedAt || '',
      )
    : dash;
  const actions = h('td', { 'data-label': 'Actions', class: 'actions-col' });
  if (isAdmin()) {
    if (t.enabled) {
      const verb = t.paused ? 'resume' : 'pause';
      const toggle = h('button', { type: 'button', 'data-testid': `template-${verb}` }, t.paused ? 'Resume' : 'Pause');
      toggle.addEventListener('click', () =>
        act(toggle, async () => {
          await api(`templates/${verb}`, { fullName: t.fullName });
          toast(`${t.paused ? 'Resumed' : 'Paused'} ${t.fullName}.`);
          await refresh();
        }),
      );
      actions.append(toggle, ' ');
    }
    const run = h('button', { type: 'button', 'data-testid': 'template-run' }, 'Run now');
    run.addEventListener('click', () =>
      act(run, async () => {
        const answer = await api('templates/run', { fullName: t.fullName });
        toast(
          'Created task ',
          h('a', { href: `#/tasks/${encodeURIComponent(answer.taskId)}`, 'data-testid': 'toast-task' }, answer.taskId),
          ` of ${t.fullName}.`,
        );
        await refresh();
      }),
    );
    actions.append(run);
  }
  return h(
    'tr',
    { 'data-testid': 'template-row', 'data-fullname': t.fullName, class: stateText === 'enabled' ? null : stateText },
    cell('Title', t.title),
    cell('fullName', h('code', {}, t.fullName)),
    cell('Type', t.type),
    cell('Repeats', t.repeatText || t.repeatType),
    cell('Next run', h('span', { 'data-testid': 'template-next' }, t.nextRun || dash)),
    cell('Last run', last),
    cell('State', h('span', { class: `badge state-${stateText}`, 'data-testid': 'template-state' }, stateText)),
    actions,
  );
}

/** @type {import('../router.js').View} */
export const templatesView = {
  load,
  // Every event may change a template's next or last run.
  concerns: () => true,
};
