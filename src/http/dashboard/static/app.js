/* jittask dashboard: plain browser JavaScript, no build step, no external resources. */
/* global document, window, location, sessionStorage, fetch, EventSource, URL, URLSearchParams, setInterval */
'use strict';

(() => {
  const TOKEN_KEY = 'jittask.dashboard.token';
  const FINISHED = ['completed', 'error', 'timeout', 'forcedEnd'];
  // The page is served at .../dashboard/: every API path is relative to it, so the dashboard also
  // works when the handler is mounted under a prefix of another server.
  const base = new URL('.', location.href);

  const state = {
    role: null,
    live: true,
    /** Events that arrived while live updates were paused: the view is refreshed once on resume. */
    missed: 0,
    events: null,
    templates: [],
    route: { view: 'templates', id: null, query: '' },
    /** Key-based paging: the cursors of the pages before this one, and this page's. */
    tasks: { query: null, before: [], cursor: null, next: null },
    lastTasksHash: '#/tasks',
    /** Bumped on every navigation, so an answer for a view left meanwhile is dropped. */
    seq: 0,
    refreshTimer: null,
    tokenPrompt: null,
  };

  const byId = (id) => document.querySelector(`[data-testid="${id}"]`);

  /** Builds an element: `attrs` are attributes (`dataset` keys as data-*), children strings or nodes. */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof window.Node ? child : String(child));
    }
    return node;
  }

  /** A table cell that carries its column name, shown beside the value on narrow screens. */
  function cell(label, ...children) {
    return h('td', { 'data-label': label }, ...children);
  }

  function statusBadge(status, testid) {
    return h('span', { class: `badge status-${status}`, 'data-testid': testid }, status);
  }

  const dash = '—';
  const json = (value) => (value === null || value === undefined ? dash : JSON.stringify(value, null, 2));

  // ---- messages ---------------------------------------------------------------------------

  let toastTimer = null;
  function toast(...content) {
    const box = byId('toast');
    box.replaceChildren(...content);
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => {
      box.hidden = true;
    }, 8000);
  }

  function showError(err) {
    const box = byId('error-banner');
    const close = h(
      'button',
      {
        type: 'button',
        class: 'link',
        'aria-label': 'Dismiss',
        onclick: () => {
          box.hidden = true;
        },
      },
      '×',
    );
    box.replaceChildren(h('span', { 'data-testid': 'error-text' }, err && err.message ? err.message : String(err)), close);
    box.hidden = false;
  }

  // ---- the API ----------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /** Calls the dashboard API; a 401 asks for a token and tries again with it. */
  async function api(path, body) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = `Bearer ${token}`;
    const init = { method: body === undefined ? 'GET' : 'POST', headers };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(new URL(`api/${path}`, base), init);
    if (res.status === 401) {
      await askForToken(token ? 'That token was refused.' : null);
      return api(path, body);
    }
    let payload = null;
    try {
      payload = await res.json();
    } catch {
      /* an answer without a JSON body: described by its status */
    }
    if (!res.ok) {
      const said = payload && (payload.errmsg || payload.message);
      const message = typeof said === 'string' && said !== '' ? said : `${res.status} ${res.statusText}`;
      throw new ApiError(res.status, payload && payload.code, message);
    }
    return payload;
  }

  /** One prompt however many requests were refused at once; resolves when a token is entered. */
  function askForToken(problem) {
    if (state.tokenPrompt) return state.tokenPrompt;
    sessionStorage.removeItem(TOKEN_KEY);
    const dialog = byId('token-dialog');
    const note = byId('token-problem');
    note.textContent = problem || '';
    note.hidden = !problem;
    byId('token-input').value = '';
    state.tokenPrompt = new Promise((resolve) => {
      const done = () => {
        const value = byId('token-input').value.trim();
        if (dialog.returnValue !== 'ok' || value === '') {
          dialog.showModal(); // no way around it: every view needs the token
          return;
        }
        dialog.removeEventListener('close', done);
        sessionStorage.setItem(TOKEN_KEY, value);
        state.tokenPrompt = null;
        openEvents();
        resolve();
      };
      dialog.addEventListener('close', done);
    });
    dialog.showModal();
    return state.tokenPrompt;
  }

  /** Asks before an action that cannot be undone; resolves true on Confirm. */
  function confirmAction(text) {
    const dialog = byId('confirm-dialog');
    byId('confirm-text').textContent = text;
    dialog.returnValue = '';
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
      dialog.showModal();
      byId('confirm-cancel').focus();
    });
  }

  /** Allows or refuses a button for what the view shows; {@link act} keeps to it after its action. */
  function allow(button, allowed) {
    button.dataset.refused = String(!allowed);
    button.disabled = !allowed;
  }

  /** Runs an action from a button: the button is disabled meanwhile, a refusal is shown. */
  async function act(button, action) {
    button.disabled = true;
    try {
      await action();
    } catch (err) {
      showError(err);
    } finally {
      // The action's own refresh may have refused the button (a task that has ended cannot be ended again).
      button.disabled = button.dataset.refused === 'true';
    }
  }

  const isAdmin = () => state.role === 'admin';

  // ---- routing ----------------------------------------------------------------------------

  function parseRoute() {
    const hash = location.hash.replace(/^#\/?/, '');
    const [path, query = ''] = hash.split('?');
    const [view, ...rest] = path.split('/');
    if (view === 'tasks' && rest.length > 0 && rest[0] !== '') return { view: 'task', id: decodeURIComponent(rest.join('/')), query: '' };
    if (['templates', 'tasks', 'charts', 'workers'].includes(view)) return { view, id: null, query };
    return { view: 'templates', id: null, query: '' };
  }

  function showRoute() {
    state.route = parseRoute();
    state.seq += 1;
    const { view } = state.route;
    for (const section of document.querySelectorAll('main > section')) section.hidden = section.dataset.view !== view;
    const navView = view === 'task' ? 'tasks' : view;
    for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.view === navView);
    if (view === 'tasks') {
      state.lastTasksHash = location.hash || '#/tasks';
      fillFilterForm(new URLSearchParams(state.route.query));
    }
    byId('task-back').setAttribute('href', state.lastTasksHash);
    byId('error-banner').hidden = true;
    return refresh();
  }

  /** Loads the current view's data again (after an action, an event, a resume). */
  async function refresh() {
    const seq = state.seq;
    const stale = () => seq !== state.seq;
    try {
      switch (state.route.view) {
        case 'templates':
          return await loadTemplates(stale);
        case 'tasks':
          return await loadTasks(stale);
        case 'task':
          return await loadTask(state.route.id, stale);
        case 'charts':
          return await loadCharts(stale);
        case 'workers':
          return await loadWorkers(stale);
      }
    } catch (err) {
      if (!stale()) showError(err);
    }
  }

  function scheduleRefresh(delayMs) {
    if (state.refreshTimer !== null) return;
    state.refreshTimer = setTimeout(() => {
      state.refreshTimer = null;
      // Paused meanwhile: the view being read stays as it is; resuming reloads it.
      if (!state.live) {
        state.missed += 1;
        showLiveState();
        return;
      }
      void refresh();
    }, delayMs);
  }

  // ---- templates --------------------------------------------------------------------------

  async function fetchTemplates() {
    state.templates = await api('templates');
    const select = byId('filter-template');
    const chosen = select.value;
    select.replaceChildren(
      h('option', { value: '' }, 'any'),
      ...state.templates.map((t) => h('option', { value: t.fullName }, t.fullName)),
    );
    select.value = chosen;
    return state.templates;
  }

  async function loadTemplates(stale) {
    const templates = await fetchTemplates();
    if (stale()) return;
    byId('templates-body').replaceChildren(...templates.map(templateRow));
    byId('templates-empty').hidden = templates.length > 0;
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

  // ---- tasks ------------------------------------------------------------------------------

  const FILTER_KEYS = ['q', 'status', 'template', 'rowId', 'from', 'to', 'limit'];
  const toInputTime = (appTime) => (appTime ? appTime.replace(' ', 'T') : '');
  /** `datetime-local` gives `YYYY-MM-DDTHH:mm[:ss]`; the API takes app-zone `YYYY-MM-DD HH:mm:ss`. */
  const toAppTime = (inputTime) => (inputTime ? `${inputTime.replace('T', ' ')}${inputTime.length === 16 ? ':00' : ''}` : '');

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

  async function loadTasks(stale) {
    const query = state.route.query;
    const paging = state.tasks;
    if (paging.query !== query) Object.assign(paging, { query, before: [], cursor: null, next: null });
    if (state.templates.length === 0) await fetchTemplates();
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
    const paging = state.tasks;
    change(paging);
    void refresh();
  }

  // ---- one task ---------------------------------------------------------------------------

  async function loadTask(id, stale) {
    const t = await api(`tasks/${encodeURIComponent(id)}`);
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
    const id = state.route.id;
    if (!(await confirmAction(`Force-end task ${id}? A pending task will never run; a running one is stopped and its result discarded.`)))
      return;
    await act(button, async () => {
      const answer = await api(`tasks/${encodeURIComponent(id)}/forcedEnd`, {});
      toast(`Task ${answer.taskId} ended by force (it was ${answer.previousStatus}).`);
      await refresh();
    });
  }

  async function retry(button) {
    const id = state.route.id;
    if (!(await confirmAction(`Retry task ${id}? A new task runs now with the same template, function and arguments.`))) return;
    await act(button, async () => {
      const answer = await api(`tasks/${encodeURIComponent(id)}/retry`, {});
      toast(`Created task ${answer.taskId}, a retry of ${id}.`);
      location.hash = `#/tasks/${encodeURIComponent(answer.taskId)}`;
    });
  }

  // ---- charts -----------------------------------------------------------------------------

  async function loadCharts(stale) {
    const hours = byId('charts-hours').value;
    const answer = await api(`charts?hours=${encodeURIComponent(hours)}`);
    if (stale()) return;
    const minutes = everyMinute(answer.minutes);
    drawChart(byId('chart-runs'), minutes, 'runs', 'runs', 'bars');
    drawChart(byId('chart-failures'), minutes, 'failures', 'failures', 'bars');
    drawChart(byId('chart-lateness'), minutes, 'latenessMsP95', 'ms', 'line');
  }

  /** The answer may leave out quiet minutes: put them back, so the time axis is even. */
  function everyMinute(points) {
    if (points.length === 0) return [];
    const toMs = (m) => Date.UTC(+m.slice(0, 4), +m.slice(5, 7) - 1, +m.slice(8, 10), +m.slice(11, 13), +m.slice(14, 16));
    const label = (ms) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
    const known = new Map(points.map((p) => [p.minute, p]));
    const out = [];
    const last = toMs(points[points.length - 1].minute);
    for (let ms = toMs(points[0].minute); ms <= last && out.length < 100000; ms += 60000) {
      out.push(known.get(label(ms)) || { minute: label(ms), runs: 0, failures: 0, latenessMsP95: null });
    }
    return out;
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function s(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** A round axis top at or above `max`: 1, 2 or 5 times a power of ten. */
  function niceTop(max) {
    if (max <= 0) return 1;
    const power = 10 ** Math.floor(Math.log10(max));
    return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= max);
  }

  function drawChart(box, minutes, key, unit, kind) {
    // Drawn at the box's own width, so the text keeps its size on a phone and on a wide screen.
    const W = Math.max(300, Math.round(box.clientWidth) || 720),
      H = 170,
      left = 44,
      right = 8,
      top = 10,
      bottom = 24;
    const plotW = W - left - right,
      plotH = H - top - bottom;
    const values = minutes.map((m) => m[key]);
    const present = values.filter((v) => typeof v === 'number');
    const total = key === 'latenessMsP95' ? null : present.reduce((a, b) => a + b, 0);
    const peak = present.length ? Math.max(...present) : 0;
    const yTop = niceTop(peak);
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${key} per minute`, class: `chart-${kind}` });
    for (const fraction of [0, 0.5, 1]) {
      const y = top + plotH * (1 - fraction);
      svg.append(s('line', { x1: left, x2: W - right, y1: y, y2: y, class: 'grid-line' }));
      svg.append(
        s('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, String(Math.round(yTop * fraction * 100) / 100)),
      );
    }
    const n = minutes.length;
    const step = n > 0 ? plotW / n : plotW;
    const yOf = (v) => top + plotH * (1 - v / yTop);
    if (kind === 'bars') {
      minutes.forEach((m, i) => {
        const v = values[i] || 0;
        if (v <= 0) return;
        const bar = s('rect', {
          x: left + i * step + step * 0.1,
          y: yOf(v),
          width: Math.max(step * 0.8, 1),
          height: top + plotH - yOf(v),
          class: 'bar',
        });
        bar.append(s('title', {}, `${m.minute}: ${v} ${unit}`));
        svg.append(bar);
      });
    } else {
      const points = [];
      minutes.forEach((m, i) => {
        if (typeof values[i] !== 'number') return;
        const x = left + i * step + step / 2;
        points.push(`${x},${yOf(values[i])}`);
        const dot = s('circle', { cx: x, cy: yOf(values[i]), r: 2.5, class: 'dot' });
        dot.append(s('title', {}, `${m.minute}: ${values[i]} ${unit}`));
        svg.append(dot);
      });
      if (points.length > 1) svg.append(s('polyline', { points: points.join(' '), class: 'line' }));
    }
    if (n > 0) {
      for (const i of [...new Set([0, Math.floor((n - 1) / 2), n - 1])]) {
        svg.append(
          s('text', { x: left + i * step + step / 2, y: H - 6, 'text-anchor': 'middle', class: 'tick' }, minutes[i].minute.slice(11)),
        );
      }
    }
    if (present.length === 0 || peak === 0) {
      svg.append(s('text', { x: left + plotW / 2, y: top + plotH / 2, 'text-anchor': 'middle', class: 'no-data' }, 'no data'));
    }
    const summary = total === null ? `peak ${peak} ${unit}` : `${total} ${unit} in all`;
    box.replaceChildren(svg, h('p', { class: 'chart-summary', 'data-testid': `${box.dataset.testid}-summary` }, summary));
  }

  // ---- workers ----------------------------------------------------------------------------

  async function loadWorkers(stale) {
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

  // ---- live updates -----------------------------------------------------------------------

  function setLiveState(name, text) {
    const label = byId('live-state');
    label.dataset.state = name;
    label.textContent = text;
  }

  function showLiveState() {
    if (!state.live) setLiveState('paused', state.missed > 0 ? `paused · ${state.missed} updates waiting` : 'paused');
    else if (state.events && state.events.readyState === EventSource.OPEN) setLiveState('live', 'live');
    else setLiveState('connecting', 'connecting…');
  }

  /** Does an event change what the current view shows? */
  function concerns(kind, data) {
    switch (state.route.view) {
      case 'templates':
        return true;
      case 'tasks':
        return kind === 'task';
      case 'task':
        return kind === 'task' && data.taskId === state.route.id;
      case 'charts':
        return kind === 'task' && FINISHED.includes(data.status);
      default:
        return false;
    }
  }

  function onEvent(kind, message) {
    let data = {};
    try {
      data = JSON.parse(message.data);
    } catch {
      /* an event without data still means "something changed" */
    }
    if (!concerns(kind, data)) return;
    if (!state.live) {
      state.missed += 1;
      showLiveState();
      return;
    }
    // Many events in a burst (a batch of tasks ending) cost one reload; charts aggregate history, so less often.
    scheduleRefresh(state.route.view === 'charts' ? 5000 : 200);
  }

  function openEvents() {
    if (state.events) state.events.close();
    const url = new URL('api/events', base);
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) url.searchParams.set('token', token);
    const events = new EventSource(url);
    state.events = events;
    events.addEventListener('open', showLiveState);
    events.addEventListener('error', showLiveState);
    events.addEventListener('task', (m) => onEvent('task', m));
    events.addEventListener('templates', (m) => onEvent('templates', m));
  }

  function toggleLive() {
    state.live = !state.live;
    const button = byId('live-toggle');
    button.textContent = state.live ? 'Pause live' : 'Resume live';
    button.setAttribute('aria-pressed', String(!state.live));
    const missed = state.missed;
    state.missed = 0;
    showLiveState();
    if (state.live && missed > 0) void refresh();
  }

  // ---- start ------------------------------------------------------------------------------

  function wire() {
    window.addEventListener('hashchange', () => void showRoute());
    byId('live-toggle').addEventListener('click', toggleLive);
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
    byId('task-force-end').addEventListener('click', (e) => void forceEnd(e.currentTarget));
    byId('task-retry').addEventListener('click', (e) => void retry(e.currentTarget));
    byId('charts-hours').addEventListener('change', () => void refresh());
    // Heartbeats are not events: the workers view looks again every few seconds while live.
    setInterval(() => {
      if (state.live && state.route.view === 'workers') void refresh();
    }, 5000);
  }

  async function start() {
    wire();
    try {
      const me = await api('me');
      state.role = me.role;
    } catch (err) {
      showError(err);
    }
    document.body.dataset.role = state.role || '';
    byId('role').textContent = state.role || '';
    openEvents();
    await showRoute();
    document.body.dataset.ready = 'true';
  }

  void start();
})();
