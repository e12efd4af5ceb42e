/** Command-line parsing (node's util.parseArgs) into a validated RunConfig. */
import { parseArgs } from 'node:util';
import { DEFAULT_MODELS, RunConfigSchema, type RunConfig } from '../core/config';
import { OrchestraError } from '../core/errors';
import { parseContextWindows, readPricesFile } from './pricesFile';

export const USAGE = `Usage:
  orchestra refactor "<instruction>" [options]   plan, run and print a unified diff (writes only with --apply)
  orchestra facts --symbol NAME [--cwd DIR] [--json]   workspace facts only, no model call
  orchestra undo [--cwd DIR] [--json]            revert the last --apply in this workspace (all or nothing)
  orchestra resume [--cwd DIR] [--json] [--apply [--allow-type-errors]] [--budget USD] [--max-concurrency N]
                   [--timeout SECONDS] [--max-retries N]
                                                 finish the last interrupted refactor in this workspace: its plan
                                                 again, the model called only for subtasks not journaled as done
  orchestra plan "<instruction>" --out FILE      facts, plan and estimate into a plan file (no workers)
  orchestra run PLAN --shard I/N --out FILE      run shard I of N of a plan file; results into a shard file
  orchestra merge SHARD… [options]               merge the shard files of one plan: type-check, diff, --apply

Options:
  --cwd DIR               workspace root (default: current directory)
  --symbol NAME           seed symbol (default: identifiers the instruction names in backticks)
  --max-workers N         hard cap on subtasks per run
  --max-concurrency N     workers in flight at once
  --budget USD            spend limit per run
  --budget-tokens N       token limit per run for models priced $0 (a local endpoint), which --budget cannot
                          bound (default 2000000)
  --model ID              model for orchestrator and workers (or --orchestrator-model / --worker-model)
  --fast-model ID         model of the "fast" worker tier (default: the worker model)
  --strong-model ID       model of the "strong" worker tier (default: the orchestrator model)
  --provider NAME         anthropic (default), openai-compatible, bedrock (Amazon Bedrock) or vertex (Google
                          Vertex AI), for both roles (or --orchestrator-provider / --worker-provider for one role)
  --openai-base-url URL   the openai-compatible endpoint (default $OPENAI_BASE_URL, else https://api.openai.com/v1)
  --openai-api-version V  Azure OpenAI's api-version (sent as ?api-version=, the key as the api-key header)
  --prices FILE           JSON prices per model id, over the built-in table:
                          { "MODEL": { "inputPerMTok": N, "outputPerMTok": N, "cacheReadPerMTok": N } }
  --context-window M=N    model M accepts N tokens (prompt + output); repeatable
  --aws-region REGION     with bedrock (default: AWS_REGION, else us-east-1)
  --vertex-project ID     with vertex (default: ANTHROPIC_VERTEX_PROJECT_ID)
  --vertex-region REGION  with vertex (default: CLOUD_ML_REGION), e.g. us-east5 or global
  --timeout SECONDS       per-request timeout
  --max-retries N         retries for 429/529/5xx/timeouts
  --import-depth N        importer hops counted as candidates
  --worker-file-tokens N  a worker's file goes whole up to this many tokens, else as an excerpt (0 = always)
  --apply                 write the result (atomically; refuses files changed since planning; a result
                          with new type errors only with --allow-type-errors)
  --allow-type-errors     with --apply: write a result even though it has new type errors (exit code 9 stays)
  --strict-scope          drop worker hunks that touch nothing their subtask is about (reported either way)
  --no-follow-ups         report new type errors in files outside the plan instead of adding follow-up
                          subtasks for them (by default the type-check adds them within the cap and budget)
  --json                  machine-readable output on stdout
  --out FILE              plan/run: the file to write
  --shard I/N             run: which share of the plan (1-based); its budget is the plan's / N unless --budget
  -h, --help              this text
Environment: ANTHROPIC_API_KEY (required for the anthropic provider), ANTHROPIC_BASE_URL (gateways, proxies,
  tests), OPENAI_API_KEY (openai-compatible; not needed for a local server), OPENAI_BASE_URL, OPENAI_API_VERSION,
  bedrock: the AWS credential chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO…), AWS_REGION,
  ANTHROPIC_BEDROCK_BASE_URL; vertex: Google Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS or
  gcloud auth application-default login), ANTHROPIC_VERTEX_PROJECT_ID, CLOUD_ML_REGION, ANTHROPIC_VERTEX_BASE_URL;
  ORCHESTRA_STATE_DIR (where --apply keeps its undo record and refactor its run journal; default
  $XDG_STATE_HOME/orchestra-refactor or ~/.local/state/orchestra-refactor).`;

export interface CliArgs {
  command: 'refactor' | 'facts' | 'undo' | 'resume' | 'plan' | 'run' | 'merge' | 'help';
  instruction: string;
  cwd: string;
  symbol?: string;
  json: boolean;
  apply: boolean;
  /** With `apply`: write a result that has new type errors. */
  allowTypeErrors: boolean;
  config: RunConfig;
  /** The openai-compatible endpoint from the flags (the environment fills in the rest). */
  openai: { baseUrl?: string; apiVersion?: string };
  /** plan/run/merge (sharded runs): the positional arguments after the command, `--out`, `--shard`. */
  files?: string[];
  out?: string;
  shard?: string;
  /** The options given on the command line (long names): `resume` takes only some; a sharded run takes the
   * plan's settings unless a flag says so. */
  given?: ReadonlySet<string>;
  /** The directory the command was started in: `--out` and the files above are relative to it. */
  invokedFrom?: string;
}

export function parseCli(argv: string[], cwd: string): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        cwd: { type: 'string' },
        symbol: { type: 'string' },
        'max-workers': { type: 'string' },
        'max-concurrency': { type: 'string' },
        budget: { type: 'string' },
        'budget-tokens': { type: 'string' },
        model: { type: 'string' },
        'orchestrator-model': { type: 'string' },
        'worker-model': { type: 'string' },
        'fast-model': { type: 'string' },
        'strong-model': { type: 'string' },
        provider: { type: 'string' },
        'orchestrator-provider': { type: 'string' },
        'worker-provider': { type: 'string' },
        'openai-base-url': { type: 'string' },
        'openai-api-version': { type: 'string' },
        prices: { type: 'string' },
        'context-window': { type: 'string', multiple: true },
        'aws-region': { type: 'string' },
        'vertex-project': { type: 'string' },
        'vertex-region': { type: 'string' },
        timeout: { type: 'string' },
        'max-retries': { type: 'string' },
        'import-depth': { type: 'string' },
        'worker-file-tokens': { type: 'string' },
        apply: { type: 'boolean', default: false },
        'allow-type-errors': { type: 'boolean', default: false },
        'strict-scope': { type: 'boolean', default: false },
        'no-follow-ups': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        shard: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new OrchestraError('bad-input', `${(e as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    return {
      command: 'help',
      instruction: '',
      cwd,
      json: false,
      apply: false,
      allowTypeErrors: false,
      config: RunConfigSchema.parse({}),
      openai: {},
    };
  }
  if (!isCommand(command)) {
    throw new OrchestraError('bad-input', `Unknown command "${command}".\n\n${USAGE}`);
  }
  if ((command === 'undo' || command === 'resume') && rest.length > 0) {
    throw new OrchestraError(
      'bad-input',
      `orchestra ${command} takes no arguments (got "${rest.join(' ')}").\n\n${USAGE}`,
    );
  }
  const given = Object.entries(values).flatMap(([k, v]) => (v === undefined || v === false ? [] : [k]));
  if (command === 'resume') refuseForResume(given);
  const timeout = num(values.timeout, '--timeout');
  const provider = values.provider;
  // Bedrock and Vertex name the same models differently; their ids are the defaults there.
  const defaults = provider === 'bedrock' || provider === 'vertex' ? DEFAULT_MODELS[provider] : undefined;
  const config = RunConfigSchema.safeParse({
    provider,
    bedrock: values['aws-region'] === undefined ? {} : { region: values['aws-region'] },
    vertex: {
      ...(values['vertex-project'] === undefined ? {} : { projectId: values['vertex-project'] }),
      ...(values['vertex-region'] === undefined ? {} : { region: values['vertex-region'] }),
    },
    maxWorkers: num(values['max-workers'], '--max-workers'),
    maxConcurrency: num(values['max-concurrency'], '--max-concurrency'),
    budgetUsd: num(values.budget, '--budget'),
    budgetTokens: num(values['budget-tokens'], '--budget-tokens'),
    timeoutMs: timeout === undefined ? undefined : Math.round(timeout * 1000),
    maxRetries: num(values['max-retries'], '--max-retries'),
    importDepth: num(values['import-depth'], '--import-depth'),
    workerFileTokens: num(values['worker-file-tokens'], '--worker-file-tokens'),
    strictScope: values['strict-scope'] === true ? true : undefined,
    followUps: values['no-follow-ups'] === true ? false : undefined,
    models: {
      orchestrator: values['orchestrator-model'] ?? values.model ?? defaults?.orchestrator,
      worker: values['worker-model'] ?? values.model ?? defaults?.worker,
      fast: values['fast-model'],
      strong: values['strong-model'],
    },
    providers: definedOnly({
      orchestrator: values['orchestrator-provider'],
      worker: values['worker-provider'],
    }),
    prices: values.prices === undefined ? undefined : readPricesFile(values.prices, cwd),
    contextWindows: parseContextWindows(values['context-window']),
  });
  if (!config.success) {
    const issue = config.error.issues[0];
    throw new OrchestraError(
      'bad-input',
      `Invalid option ${flagFor(issue?.path ?? [])}: ${issue?.message ?? 'invalid value'}`,
    );
  }
  return {
    command,
    instruction: rest.join(' '),
    cwd: values.cwd ?? cwd,
    symbol: values.symbol,
    json: values.json ?? false,
    apply: values.apply ?? false,
    allowTypeErrors: values['allow-type-errors'] ?? false,
    config: config.data,
    openai: { baseUrl: values['openai-base-url'], apiVersion: values['openai-api-version'] },
    files: rest,
    out: values.out,
    shard: values.shard,
    invokedFrom: cwd,
    given: new Set(given),
  };
}

const COMMANDS: ReadonlySet<string> = new Set([
  'refactor',
  'facts',
  'undo',
  'resume',
  'plan',
  'run',
  'merge',
]);

function isCommand(c: string): c is Exclude<CliArgs['command'], 'help'> {
  return COMMANDS.has(c);
}

/** What `resume` may change: how the result is shown and written, and how the rest of the run is paced and paid. */
export const RESUME_FLAGS: ReadonlySet<string> = new Set([
  'cwd',
  'json',
  'apply',
  'allow-type-errors',
  'budget',
  'max-concurrency',
  'timeout',
  'max-retries',
  'openai-base-url',
  'openai-api-version',
  'aws-region',
  'vertex-project',
  'vertex-region',
]);

function refuseForResume(given: readonly string[]): void {
  const refused = given.filter((f) => !RESUME_FLAGS.has(f));
  if (refused.length === 0) return;
  throw new OrchestraError(
    'bad-input',
    `orchestra resume runs the interrupted run's plan with its models and settings; it does not take ` +
      `${refused.map((f) => `--${f}`).join(', ')}. Start a new run with orchestra refactor for other settings.`,
  );
}

function num(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n))
    throw new OrchestraError('bad-input', `Invalid option ${flag}: "${value}" is not a number`);
  return n;
}

const FLAGS: Record<string, string> = {
  maxWorkers: '--max-workers',
  maxConcurrency: '--max-concurrency',
  budgetUsd: '--budget',
  budgetTokens: '--budget-tokens',
  timeoutMs: '--timeout',
  maxRetries: '--max-retries',
  importDepth: '--import-depth',
  workerFileTokens: '--worker-file-tokens',
  models: '--model',
  provider: '--provider',
  prices: '--prices',
  contextWindows: '--context-window',
  bedrock: '--aws-region',
  vertex: '--vertex-project/--vertex-region',
};

function flagFor(path: PropertyKey[]): string {
  if (path[0] === 'providers') return `--${String(path[1])}-provider`;
  return FLAGS[String(path[0])] ?? String(path.join('.'));
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
