/** `orchestra refactor`: plan, run (journaled, see `orchestra resume`), print a unified diff; write only with --apply. */
import { OrchestraError } from '../core/errors';
import { executeRun, planRun, type RunDeps } from '../core/pipeline';
import { formatPlan, formatUsage } from '../core/report';
import { openWorkspace } from '../core/workspace/openWorkspace';
import type { CliArgs } from './args';
import { runClient } from './clients';
import { ExitCode, type ExitCodeValue } from './exitCodes';
import type { CliIo } from './io';
import { endJournal, startJournal } from './journalDir';
import { progressPrinter, reportAndApply } from './runOutput';

export async function refactorCommand(args: CliArgs, io: CliIo): Promise<ExitCodeValue> {
  if (!args.instruction.trim()) {
    throw new OrchestraError(
      'bad-input',
      'The instruction is empty: orchestra refactor "rename `UserId` to `AccountId`".',
    );
  }
  // Keys are checked before the workspace is opened: a missing one fails fast.
  const client = runClient(args.config, args, io);
  const workspace = await openWorkspace(args.cwd, {
    include: args.config.include,
    exclude: args.config.exclude,
  });
  const deps: RunDeps = {
    workspace,
    client,
    config: args.config,
    signal: io.signal,
    onEvent: progressPrinter(io),
  };
  const planned = await planRun(deps, {
    instruction: args.instruction,
    seed: args.symbol ? { name: args.symbol } : undefined,
  });
  io.stderr(formatPlan(planned) + '\n');
  if (planned.plan.subtasks.length === 0) {
    if (args.json)
      io.stdout(
        JSON.stringify(
          {
            plan: planned.plan,
            rejected: planned.rejected,
            changes: [],
            usage: planned.state.ledger.summary(),
          },
          null,
          2,
        ) + '\n',
      );
    io.stderr(`Nothing to change. ${formatUsage(planned.state.ledger.summary())}\n`);
    return ExitCode.nothingToChange;
  }
  // Kept outside the workspace as each subtask finishes, so a killed run continues with `orchestra resume`.
  const { journal, finish } = startJournal(io, args, planned, workspace.root);
  const result = await executeRun(deps, planned, undefined, { journal });
  // `--json` lists every member subtask in `plan`; `groups` says which of them each group holds.
  const extra = planned.groups ? { groups: planned.groups } : {};
  // A cancelled run stays unfinished in the journal: it may be resumed.
  if (result.cancelled) return reportAndApply(result, workspace.root, args, io, planned.rejected, extra);
  try {
    return await reportAndApply(result, workspace.root, args, io, planned.rejected, extra);
  } finally {
    endJournal(result, args, io, finish);
  }
}
