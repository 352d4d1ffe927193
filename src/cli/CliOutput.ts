/** Where CLI commands write: the console, or a buffer in tests. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/** The process's standard streams: lines to stdout, errors to stderr. */
export const consoleOutput: CliOutput = {
  log: (line) => void process.stdout.write(`${line}\n`),
  error: (line) => void process.stderr.write(`${line}\n`),
};
