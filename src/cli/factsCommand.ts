/** `orchestra facts`: the workspace facts alone, no model call. */
import { OrchestraError } from '../core/errors';
import { gatherFacts } from '../core/facts/facts';
import { openWorkspace } from '../core/workspace/openWorkspace';
import type { CliArgs } from './args';
import { ExitCode, type ExitCodeValue } from './exitCodes';
import type { CliIo } from './io';

export async function factsCommand(args: CliArgs, io: CliIo): Promise<ExitCodeValue> {
  if (!args.symbol && !args.instruction.trim()) {
    throw new OrchestraError(
      'bad-input',
      'orchestra facts needs --symbol NAME (or an instruction naming a symbol in backticks).',
    );
  }
  const ws = await openWorkspace(args.cwd, { include: args.config.include, exclude: args.config.exclude });
  const facts = await gatherFacts(ws, {
    instruction: args.instruction,
    seed: args.symbol ? { name: args.symbol } : undefined,
    importDepth: args.config.importDepth,
  });
  if (args.json) {
    // The root is a machine path; everything else is relative and stable across machines.
    const { root: _root, ...portable } = facts;
    void _root;
    io.stdout(JSON.stringify(portable, null, 2) + '\n');
    return ExitCode.done;
  }
  io.stdout(
    `${facts.candidates.length} candidate files for ${facts.seeds.map((s) => s.name).join(', ') || '(no seed)'}:\n`,
  );
  for (const c of facts.candidates)
    io.stdout(`  ${c.file}  [${c.reasons.join(', ')}]  ${c.references} refs\n`);
  for (const s of facts.skipped) io.stderr(`skipped ${s.file}: ${s.reason}\n`);
  return ExitCode.done;
}
