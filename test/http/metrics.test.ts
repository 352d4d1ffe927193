import { serveApp, type ServedApp } from './serveApp';

/** The value of one sample line of Prometheus text (`name{labels} value`), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(served: ServedApp): Promise<string> {
  const res = await fetch(`${served.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

async function create(served: ServedApp, fullName: string, startTime: string): Promise<string> {
  const res = await served.call('services/TaskSvc/createTimerTask', {
    fullName,
    startTime,
    funcName: 'services.Billing.bill',
    taskType: 'tasks.NormalType',
  });
  expect(res.status).toBe(200);
  return (res.body.data as { taskId: string }).taskId;
}

test('after some runs, /metrics counts tasks created, runs by template and status, retries, durations, lateness and HTTP requests by route', async () => {
  const served = await serveApp();
  const ids = [
    await create(served, 'tasks.Job', '2025-03-01 08:00:01'),
    await create(served, 'tasks.Job', '2025-03-01 08:00:02'),
    await create(served, 'tasks.Flaky', '2025-03-01 08:00:01'),
  ];
  await served.clock.advance(3000);
  await served.clock.advance(10_000); // the retry of the flaky task (10 s backoff)
  const text = await scrape(served);

  expect(sample(text, 'jittask_tasks_created_total{template="tasks.Job"}')).toBe(2);
  expect(sample(text, 'jittask_tasks_created_total{template="tasks.Flaky"}')).toBe(1);
  expect(sample(text, 'jittask_task_runs_total{template="tasks.Job",status="completed"}')).toBe(2);
  expect(sample(text, 'jittask_task_runs_total{template="tasks.Flaky",status="error"}')).toBe(2);
  expect(sample(text, 'jittask_task_retries_total')).toBe(1);
  expect(sample(text, 'jittask_task_duration_seconds_count{template="tasks.Job"}')).toBe(2);
  expect(sample(text, 'jittask_task_lateness_seconds_count{template="tasks.Flaky"}')).toBe(2);
  expect(sample(text, 'jittask_task_lateness_seconds_bucket{le="0.1",template="tasks.Job"}')).toBe(2);
  expect(sample(text, 'jittask_occurrences_skipped_total')).toBe(0);
  expect(sample(text, 'jittask_leases_expired_total')).toBe(0);
  expect(sample(text, 'jittask_tasks{status="pending"}')).toBe(0);
  expect(sample(text, 'jittask_tasks{status="running"}')).toBe(0);
  expect(sample(text, 'jittask_tasks{status="overdue"}')).toBe(0);
  expect(sample(text, 'jittask_oldest_overdue_seconds')).toBe(0);
  expect(sample(text, 'jittask_scheduler_slots_used')).toBe(0);
  expect(sample(text, 'jittask_scheduler_concurrency')).toBe(4);
  expect(sample(text, 'jittask_http_request_duration_seconds_count{route="/api/{orgId}/{appName}/{call*}",status="200"}')).toBe(3);
  for (const id of ids) expect(text).not.toContain(id);
  await served.close();
});

test('pending tasks past the overdue tolerance show in jittask_tasks{status="overdue"} and jittask_oldest_overdue_seconds', async () => {
  const served = await serveApp({ start: false }); // nothing runs them
  await create(served, 'tasks.Job', '2025-03-01 08:00:01');
  await create(served, 'tasks.Job', '2025-03-01 08:00:30');
  await create(served, 'tasks.Job', '2025-03-01 09:00:00');
  await served.clock.advance(60_000);
  const text = await scrape(served);
  expect(sample(text, 'jittask_tasks{status="pending"}')).toBe(3);
  expect(sample(text, 'jittask_tasks{status="overdue"}')).toBe(2);
  expect(sample(text, 'jittask_oldest_overdue_seconds')).toBe(59);
  await served.close();
});

test('the gauges are cached for a few seconds, then read again', async () => {
  const served = await serveApp({ start: false });
  expect(sample(await scrape(served), 'jittask_tasks{status="pending"}')).toBe(0);
  await create(served, 'tasks.Job', '2025-03-01 09:00:00');
  expect(sample(await scrape(served), 'jittask_tasks{status="pending"}')).toBe(0);
  await served.clock.advance(5000);
  expect(sample(await scrape(served), 'jittask_tasks{status="pending"}')).toBe(1);
  await served.close();
});

test('each handler has a registry of its own: two apps in one process do not mix their counts', async () => {
  const a = await serveApp();
  const b = await serveApp();
  await create(a, 'tasks.Job', '2025-03-01 08:00:01');
  expect(sample(await scrape(a), 'jittask_tasks_created_total{template="tasks.Job"}')).toBe(1);
  expect(sample(await scrape(b), 'jittask_tasks_created_total{template="tasks.Job"}')).toBeUndefined();
  await a.close();
  await b.close();
});
