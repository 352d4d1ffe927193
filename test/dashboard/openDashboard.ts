import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createHttpHandler, loadApp, type App } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';
import type { TaskSvc } from '../fixtures/task-harness/openTaskApp';

/** Where the browser tests leave their screenshots (ignored by git). */
export const SCREENSHOT_DIR = path.join(__dirname, '..', '..', 'test-results', 'screenshots');

/** How a test opens the dashboard-app. */
export interface DashboardOptions {
  /** Start the scheduler (default true); without it tasks stay as the test wrote them. */
  start?: boolean;
  /** The fixture app under test/fixtures/dashboard-app/ (default the app itself; `with-tokens`: an admin and a viewer token). */
  variant?: 'with-tokens';
}

/** How one page of the dashboard is opened. */
export interface PageOptions {
  colorScheme?: 'light' | 'dark';
  /** A token already in sessionStorage, as after signing in. */
  token?: string;
  /** The part after `#`, e.g. `/tasks`. */
  hash?: string;
  /** A phone-sized window instead of a laptop's. */
  phone?: boolean;
}

/** A page with the errors its scripts threw or logged, which a test expects to stay empty. */
export interface DashboardPage {
  page: Page;
  errors: string[];
}

/** The running fixture app, its HTTP server on loopback, and a headless Chromium to look at it. */
export interface OpenDashboard {
  app: App;
  svc: TaskSvc;
  /** `http://127.0.0.1:<port>/dashboard/` */
  url: string;
  open(options?: PageOptions): Promise<DashboardPage>;
  /** Saves a screenshot of the page as `test-results/screenshots/<name>.png`. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

// The same executable Jest's config looked for when it decided whether to skip the browser tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { CHROMIUM_PATH } = require('../support/browser') as { CHROMIUM_PATH: string };

/** The flags every browser test launches Chromium with. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Loads test/fixtures/dashboard-app on SQLite in a temporary folder, serves it with
 * `createHttpHandler` on 127.0.0.1 and an ephemeral port, and launches Debian's Chromium.
 */
export async function openDashboard(options: DashboardOptions = {}): Promise<OpenDashboard> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-dash-'));
  const app = await loadApp(fixtureDir('dashboard-app', ...(options.variant ? [options.variant] : [])), {
    start: options.start ?? true,
    dataDir,
  });
  const handler = createHttpHandler(app);
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/dashboard/`;
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });

  const open = async (page: PageOptions = {}): Promise<DashboardPage> => {
    const context = await browser.newContext({
      colorScheme: page.colorScheme ?? 'light',
      viewport: page.phone ? { width: 390, height: 844 } : { width: 1360, height: 860 },
      ...(page.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    if (page.token !== undefined) {
      await context.addInitScript(`sessionStorage.setItem('jittask.dashboard.token', ${JSON.stringify(page.token)})`);
    }
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (err) => errors.push(err.message));
    tab.on('console', (message) => {
      if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) errors.push(message.text());
    });
    await tab.goto(url + (page.hash ? `#${page.hash}` : ''));
    return { page: tab, errors };
  };

  return {
    app,
    svc: app.getElement<TaskSvc>('services.TaskSvc'),
    url,
    open,
    async screenshot(page, name) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
