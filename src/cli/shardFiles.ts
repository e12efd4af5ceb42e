/** Reading and writing the plan and shard files of a sharded run, and the settings each command runs with. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunConfig } from '../core/config';
import { OrchestraError } from '../core/errors';
import type { Result } from '../core/result';
import type { ShardedConfig } from '../core/shard/planFile';
import type { CliArgs } from './args';

export function resolveFrom(args: CliArgs, file: string): string {
  return path.resolve(args.invokedFrom ?? process.cwd(), file);
}

/** `--out`, which plan and run require (they write nothing else). */
export function outPath(args: CliArgs, example: string): string {
  if (args.out === undefined || args.out.trim() === '') {
    throw new OrchestraError(
      'bad-input',
      `orchestra ${args.command} needs --out FILE (e.g. --out ${example}).`,
    );
  }
  return resolveFrom(args, args.out);
}

/** A JSON file read through its schema; an unreadable or damaged one is bad input, named. */
export function readJsonFile<T>(
  args: CliArgs,
  file: string,
  parse: (json: unknown, where: string) => Result<T>,
): T {
  let text: string;
  try {
    text = readFileSync(resolveFrom(args, file), 'utf8');
  } catch (e) {
    throw new OrchestraError('bad-input', `Cannot read ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new OrchestraError(
      'bad-input',
      `${file} is not valid JSON (${(e as Error).message}); it is damaged.`,
    );
  }
  const parsed = parse(json, file);
  if (!parsed.ok) throw new OrchestraError('bad-input', `${parsed.error}.`);
  return parsed.value;
}

/** Written whole or not at all: a reader (the next CI job) never sees half a file. */
export function writeWhole(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (e) {
    throw new OrchestraError('write-failed', `Cannot write ${file}: ${(e as Error).message}`);
  }
}

/**
 * The settings a shard or the merge runs with: the plan's (so every process runs the same run), with the
 * command line's connection settings (timeouts, retries, prices, endpoints) and what the caller allows it
 * to change on top.
 */
export function plannedConfig(
  args: CliArgs,
  planned: ShardedConfig,
  change: (config: RunConfig, given: ReadonlySet<string>) => Partial<RunConfig>,
): RunConfig {
  const config: RunConfig = { ...args.config, ...planned };
  const given = args.given ?? new Set<string>();
  return { ...config, ...change(config, given) };
}

/** Flags that shape the plan itself: a shard or the merge runs the plan as it was made, so they go to `plan`. */
const PLAN_FLAGS = [
  'symbol',
  'model',
  'orchestrator-model',
  'worker-model',
  'fast-model',
  'strong-model',
  'provider',
  'orchestrator-provider',
  'worker-provider',
  'max-workers',
  'worker-file-tokens',
  'import-depth',
];

/** Refuses the plan's flags on `run`/`merge` rather than ignoring them; on `run`, the merge's flags too. */
export function refusePlanFlags(args: CliArgs): void {
  const given = (flags: readonly string[]): string[] => flags.filter((f) => args.given?.has(f) === true);
  const plan = given(PLAN_FLAGS);
  if (plan.length > 0) {
    const one = plan.length === 1;
    throw new OrchestraError(
      'bad-input',
      `orchestra ${args.command} runs the plan as it was made: ${plan.map((f) => `--${f}`).join(', ')} ` +
        `${one ? 'is a setting' : 'are settings'} of orchestra plan; plan again to change ${one ? 'it' : 'them'}.`,
    );
  }
  const merge = args.command === 'run' ? given(MERGE_FLAGS) : [];
  if (merge.length > 0) {
    throw new OrchestraError(
      'bad-input',
      `orchestra run neither merges nor writes: give ${merge.map((f) => `--${f}`).join(', ')} to orchestra merge.`,
    );
  }
}

const MERGE_FLAGS = ['apply', 'allow-type-errors', 'strict-scope', 'no-follow-ups'];
