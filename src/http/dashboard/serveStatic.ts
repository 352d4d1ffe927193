import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServerResponse } from 'node:http';

/** Content types of the files the page is made of. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The folder of the page's files. Beside this module when running from the sources (Jest); from
 * `dist/` (the CLI, the installed package) the compiler copies no assets, so it is the sources'
 * folder, which the package ships (`files` in package.json).
 */
export const STATIC_DIR =
  [path.join(__dirname, 'static'), path.join(__dirname, '..', '..', '..', 'src', 'http', 'dashboard', 'static')].find((dir) =>
    fs.existsSync(path.join(dir, 'index.html')),
  ) ?? path.join(__dirname, 'static');

/**
 * Answers a file of the page: `file` is the path after `/dashboard/` (empty for the page itself).
 * Only files inside {@link STATIC_DIR} are served: a path with `..`, a NUL or a backslash, or one
 * that leads out through a symlink, is 404 like a missing file, so nothing tells what lies outside.
 * Returns false when there is no such file.
 */
export async function serveStatic(res: ServerResponse, file: string, head: boolean): Promise<boolean> {
  let name: string;
  try {
    name = decodeURIComponent(file === '' ? 'index.html' : file);
  } catch {
    return false;
  }
  if (name.split('/').some((part) => part === '..' || part === '') || /[\0\\]/.test(name)) return false;
  const type = TYPES[path.extname(name).toLowerCase()];
  if (!type) return false;
  let body: Buffer;
  try {
    const real = await fs.promises.realpath(path.join(STATIC_DIR, name));
    if (!real.startsWith((await fs.promises.realpath(STATIC_DIR)) + path.sep)) return false;
    body = await fs.promises.readFile(real);
  } catch {
    return false;
  }
  // no-cache: the page is small and must match the server it talks to after an upgrade.
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(head ? undefined : body);
  return true;
}
