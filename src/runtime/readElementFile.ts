import * as fs from 'node:fs';
import * as path from 'node:path';
import { JitError } from '../errors/JitError';
import { isInsideElement } from './isInsideElement';

/**
 * JitAi's `element.getFile(filename, isBinary)`: the file `relativePath` of the element `fullName`,
 * looked for in its `folders` (nearest app first), as UTF-8 text or, with `isBinary`, a Buffer.
 * Decided on the real path before anything is read: a path that leaves the element's folder (`..`,
 * absolute, a symlink leading out) or enters a nested element's folder is refused, as is a path
 * that names no file. Every refusal is API_PARAMS_ERROR naming the path; nothing is read then.
 */
export function readElementFile(fullName: string, folders: readonly string[], relativePath: unknown, isBinary: unknown): string | Buffer {
  const refuse = (why: string): never => {
    throw new JitError('API_PARAMS_ERROR', `${fullName}.getFile(${JSON.stringify(relativePath)}): ${why}`, {
      fullName,
      details: { argument: 'relativePath' },
    });
  };
  if (typeof isBinary !== 'boolean') {
    throw new JitError('API_PARAMS_ERROR', `${fullName}.getFile: isBinary must be true or false; got ${JSON.stringify(isBinary)}`, {
      fullName,
      details: { argument: 'isBinary' },
    });
  }
  if (typeof relativePath !== 'string' || relativePath === '' || relativePath.includes('\0'))
    return refuse('the file is named by a path relative to the element\'s folder, such as "templates/mail.html"');
  if (path.isAbsolute(relativePath)) return refuse("an absolute path: only the element's own files are read");
  for (const folder of folders) {
    const wanted = path.resolve(folder, relativePath);
    if (!wanted.startsWith(folder + path.sep)) return refuse(`it leads out of the element's folder ${folder}`);
    let real: string;
    try {
      real = fs.realpathSync(wanted);
    } catch {
      continue; // not in this app's folder of the element: a parent app's may have it
    }
    const realFolder = fs.realpathSync(folder);
    if (!isInsideElement(real, realFolder)) {
      return refuse(
        real.startsWith(realFolder + path.sep)
          ? `${real} belongs to an element nested in ${folder}, not to ${fullName}`
          : `it is ${real}, outside the element's folder ${realFolder}`,
      );
    }
    if (!fs.statSync(real).isFile()) return refuse(`${real} is not a file`);
    return isBinary ? fs.readFileSync(real) : fs.readFileSync(real, 'utf8');
  }
  return refuse(folders.length === 0 ? 'the element has no folder' : `no such file in ${folders.join(', ')}`);
}
