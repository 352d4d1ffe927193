/** Where CLI commands write: the console, or a buffer in tests. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/** The console. */
export const consoleOutput: CliOutput = {
  log: (line) => console.log(line),
  error: (line) => console.error(line),
};
