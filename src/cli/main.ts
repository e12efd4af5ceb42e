/** The `orchestra` CLI: the same engine as the extension, headless. */
import { toOrchestraError } from '../core/errors';
import { parseCli, USAGE } from './args';
import { exitCodeFor, ExitCode, type ExitCodeValue } from './exitCodes';
import { factsCommand } from './factsCommand';
import { processIo, type CliIo } from './io';
import { planCommand } from './planCommand';
import { refactorCommand } from './refactorCommand';
import { resumeCommand } from './resumeCommand';
import { mergeCommand, runShardCommand } from './shardCommands';
import { undoCommand } from './undoCommand';

export async function runCli(argv: string[], io: CliIo, cwd: string): Promise<ExitCodeValue> {
  try {
    const args = parseCli(argv, cwd);
    if (args.command === 'help') {
      io.stdout(USAGE + '\n');
      return ExitCode.done;
    }
    if (args.command === 'undo') return await undoCommand(args, io);
    if (args.command === 'resume') return await resumeCommand(args, io);
    if (args.command === 'plan') return await planCommand(args, io);
    if (args.command === 'run') return await runShardCommand(args, io);
    if (args.command === 'merge') return await mergeCommand(args, io);
    return args.command === 'facts' ? await factsCommand(args, io) : await refactorCommand(args, io);
  } catch (e) {
    const error = toOrchestraError(e);
    io.stderr(`error: ${error.message}\n`);
    return exitCodeFor(error.reason);
  }
}

if (require.main === module) {
  // `orchestra facts | head`: a reader that stops early is not an error; leave quietly (nothing is written then).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  runCli(process.argv.slice(2), processIo(controller.signal), process.cwd()).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // runCli maps every failure to an exit code; reaching here is a bug, which must not exit 0.
      process.stderr.write(`orchestra: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
