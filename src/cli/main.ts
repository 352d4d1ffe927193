import { Command, CommanderError } from 'commander';
import { formatIssue, JitError } from '../errors/JitError';
import { checkCommand } from './checkCommand';
import { consoleOutput, type CliOutput } from './CliOutput';
import { elementsCommand } from './elementsCommand';
import { runCommand } from './runCommand';
import { taskEndCommand, taskShowCommand, tasksListCommand, templatesCommand } from './tasksCommands';
import { typesCommand } from './typesCommand';

/** Builds the `jittask` program; each command sets `result.code`. */
export function buildProgram(out: CliOutput, result: { code: number }): Command {
  const program = new Command('jittask')
    .description('Run and inspect jittask apps')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.log(s.trimEnd()), writeErr: (s) => out.error(s.trimEnd()) });
  program
    .command('check')
    .description('validate an app and print every problem (exit 1 if any)')
    .argument('[appDir]', 'folder with app.yaml', '.')
    .action((appDir: string) => {
      result.code = checkCommand(appDir, out);
    });
  program
    .command('elements')
    .description('print the element tree, where each definition comes from and what it overrides')
    .argument('[appDir]', 'folder with app.yaml', '.')
    .action(async (appDir: string) => {
      result.code = await elementsCommand(appDir, out);
    });
  program
    .command('types')
    .description('write the declaration file that types app.getElement(fullName) in a TypeScript host app')
    .argument('[appDir]', 'folder with app.yaml', '.')
    .option('-o, --out <file>', 'where to write it (default <appDir>/jittask-elements.d.ts)')
    .action((appDir: string, opts: { out?: string }) => {
      result.code = typesCommand(appDir, out, opts);
    });
  program
    .command('run')
    .description('run an app: start its scheduler and log each task run (SIGINT/SIGTERM to stop)')
    .argument('[appDir]', 'folder with app.yaml', '.')
    .option(
      '--http [address]',
      'also serve the HTTP API, health, metrics and dashboard on [host:]port (default settings.http, else 127.0.0.1:8787)',
    )
    .action(async (appDir: string, opts: { http?: string | true }) => {
      result.code = await runCommand(appDir, out, opts);
    });
  program
    .command('templates')
    .description('list task templates whose title or fullName contains query')
    .argument('[query]', 'filter', '')
    .option('-a, --app <appDir>', 'folder with app.yaml', '.')
    .action(async (query: string, opts: { app: string }) => {
      result.code = await templatesCommand(opts.app, query, out);
    });
  const tasks = program
    .command('tasks')
    .description('list tasks, newest due first (subcommands: show ID, end ID)')
    .argument('[appDir]', 'folder with app.yaml', '.')
    .option('-s, --status <status>', 'only tasks with this status')
    .option('-t, --template <fullName>', 'only tasks of this template')
    .option('-n, --limit <n>', 'at most n tasks', '50')
    .action(async (appDir: string, opts: { status?: string; template?: string; limit?: string }) => {
      result.code = await tasksListCommand(appDir, opts, out);
    });
  tasks
    .command('show')
    .description('one task with its history')
    .argument('<taskId>')
    .option('-a, --app <appDir>', 'folder with app.yaml', '.')
    .action(async (taskId: string, opts: { app: string }) => {
      result.code = await taskShowCommand(opts.app, taskId, out);
    });
  tasks
    .command('end')
    .description('force-end a task')
    .argument('<taskId>')
    .option('-a, --app <appDir>', 'folder with app.yaml', '.')
    .action(async (taskId: string, opts: { app: string }) => {
      result.code = await taskEndCommand(opts.app, taskId, out);
    });
  return program;
}

/** Runs the CLI with `argv` (as process.argv); resolves to the exit code. */
export async function main(argv: string[], out: CliOutput = consoleOutput): Promise<number> {
  const result = { code: 0 };
  try {
    await buildProgram(out, result).parseAsync(argv);
    return result.code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof JitError) {
      for (const issue of err.issues) out.error(formatIssue(issue));
      return 1;
    }
    out.error(String((err as Error).stack ?? err));
    return 1;
  }
}
