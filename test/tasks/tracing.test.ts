import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ManualClock } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp, type OpenTaskApp } from '../fixtures/task-harness/openTaskApp';

/** 08:00 in Berlin, the zone of the task-app fixture. */
const START = Date.parse('2025-03-01T07:00:00Z');

let clock: ManualClock;
let dataDir: string;
let opened: OpenTaskApp;
let exporter: InMemorySpanExporter;
/** An SDK as a host app sets one up; registered only by the tests that say so. */
let provider: BasicTracerProvider;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-trace-'));
  clock = new ManualClock(START);
  exporter = new InMemorySpanExporter();
  provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  opened = await openTaskApp(fixtureDir('task-app'), clock, dataDir);
});

afterEach(async () => {
  await opened.close();
  trace.disable();
  await provider.shutdown();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const spans = () =>
  exporter.getFinishedSpans().map((s) => ({
    name: s.name,
    kind: s.kind,
    taskId: s.attributes['jittask.task.id'],
    attempt: s.attributes['jittask.task.attempt'],
    status: s.status.code,
    message: s.status.message,
  }));

test('with an SDK registered, each run is one span "process <template>" carrying its task id; a failed run has status error', async () => {
  trace.setGlobalTracerProvider(provider);
  const ok = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.hello', 'tasks.NormalType', {
    name: 'Ann',
  });
  const failing = await opened.svc.createTimerTask(
    'tasks.WeeklyReport',
    '2025-03-01 08:00:02',
    'services.Greeter.fail',
    'tasks.ReportType',
    { message: 'disk full' },
  );

  await clock.advance(2000);

  expect(spans()).toEqual([
    {
      name: 'process tasks.Inner',
      kind: SpanKind.CONSUMER,
      taskId: ok.taskId,
      attempt: 1,
      status: SpanStatusCode.UNSET,
      message: undefined,
    },
    {
      name: 'process tasks.WeeklyReport',
      kind: SpanKind.CONSUMER,
      taskId: failing.taskId,
      attempt: 1,
      status: SpanStatusCode.ERROR,
      message: 'disk full',
    },
  ]);
});

test('a run that times out ends its span at the timeout, as an error, though its function never returns', async () => {
  trace.setGlobalTracerProvider(provider);
  const task = await opened.svc.createTimerTask('tasks.Timed', '2025-03-01 08:00:01', 'services.Greeter.wait', 'tasks.NormalType', {
    ms: 600_000,
  });

  await clock.advance(1000);
  expect(spans()).toEqual([]);
  await clock.advance(2000);

  expect(spans()).toEqual([
    {
      name: 'process tasks.Timed',
      kind: SpanKind.CONSUMER,
      taskId: task.taskId,
      attempt: 1,
      status: SpanStatusCode.ERROR,
      message: 'timed out after 2 s',
    },
  ]);
});

test('without a registered SDK no span is made; runs are traced from the moment one is registered', async () => {
  await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:01', 'services.Greeter.hello', 'tasks.NormalType', { name: 'before' });
  await clock.advance(1000);
  expect(spans()).toEqual([]);

  trace.setGlobalTracerProvider(provider);
  const traced = await opened.svc.createTimerTask('tasks.Inner', '2025-03-01 08:00:02', 'services.Greeter.hello', 'tasks.NormalType', {
    name: 'after',
  });
  await clock.advance(1000);
  expect(spans().map((s) => s.taskId)).toEqual([traced.taskId]);
});
