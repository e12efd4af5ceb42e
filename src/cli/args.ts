/** Command-line parsing (node's util.parseArgs) into a validated RunConfig. */
import { parseArgs } from 'node:util';
import { DEFAULT_MODELS, RunConfigSchema, type RunConfig } from '../core/config';
import { OrchestraError } from '../core/errors';

export const USAGE = `Usage:
  orchestra refactor "<instruction>" [options]   plan, run and print a unified diff (writes only with --apply)
  orchestra facts --symbol NAME [--cwd DIR] [--json]   workspace facts only, no model call
  orchestra undo [--cwd DIR] [--json]            revert the last --apply in this workspace (all or nothing)

Options:
  --cwd DIR               workspace root (default: current directory)
  --symbol NAME           seed symbol (default: identifiers the instruction names in backticks)
  --max-workers N         hard cap on subtasks per run
  --max-concurrency N     workers in flight at once
  --budget USD            spend limit per run
  --model ID              model for orchestrator and workers (or --orchestrator-model / --worker-model)
  --provider NAME         anthropic (default), bedrock (Amazon Bedrock) or vertex (Google Vertex AI)
  --aws-region REGION     with --provider bedrock (default: AWS_REGION, else us-east-1)
  --vertex-project ID     with --provider vertex (default: ANTHROPIC_VERTEX_PROJECT_ID)
  --vertex-region REGION  with --provider vertex (default: CLOUD_ML_REGION), e.g. us-east5 or global
  --timeout SECONDS       per-request timeout
  --max-retries N         retries for 429/529/5xx/timeouts
  --import-depth N        importer hops counted as candidates
  --worker-file-tokens N  a worker's file goes whole up to this many tokens, else as an excerpt (0 = always)
  --apply                 write the result (atomically; refuses files changed since planning; a result
                          with new type errors only with --allow-type-errors)
  --allow-type-errors     with --apply: write a result even though it has new type errors (exit code 9 stays)
  --strict-scope          drop worker hunks that touch nothing their subtask is about (reported either way)
  --json                  machine-readable output on stdout
  -h, --help              this text
Environment: ANTHROPIC_API_KEY (required for refactor on anthropic), ANTHROPIC_BASE_URL (gateways, proxies, tests),
  bedrock: the AWS credential chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO…), AWS_REGION,
  ANTHROPIC_BEDROCK_BASE_URL; vertex: Google Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS or
  gcloud auth application-default login), ANTHROPIC_VERTEX_PROJECT_ID, CLOUD_ML_REGION, ANTHROPIC_VERTEX_BASE_URL;
  ORCHESTRA_STATE_DIR (where --apply keeps its undo record; default $XDG_STATE_HOME/orchestra-refactor
  or ~/.local/state/orchestra-refactor).`;

export interface CliArgs {
  command: 'refactor' | 'facts' | 'undo' | 'help';
  instruction: string;
  cwd: string;
  symbol?: string;
  json: boolean;
  apply: boolean;
  /** With `apply`: write a result that has new type errors. */
  allowTypeErrors: boolean;
  config: RunConfig;
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
        model: { type: 'string' },
        'orchestrator-model': { type: 'string' },
        'worker-model': { type: 'string' },
        provider: { type: 'string' },
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
        json: { type: 'boolean', default: false },
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
    };
  }
  if (command !== 'refactor' && command !== 'facts' && command !== 'undo') {
    throw new OrchestraError('bad-input', `Unknown command "${command}".\n\n${USAGE}`);
  }
  if (command === 'undo' && rest.length > 0) {
    throw new OrchestraError(
      'bad-input',
      `orchestra undo takes no arguments (got "${rest.join(' ')}").\n\n${USAGE}`,
    );
  }
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
    timeoutMs: timeout === undefined ? undefined : Math.round(timeout * 1000),
    maxRetries: num(values['max-retries'], '--max-retries'),
    importDepth: num(values['import-depth'], '--import-depth'),
    workerFileTokens: num(values['worker-file-tokens'], '--worker-file-tokens'),
    strictScope: values['strict-scope'] === true ? true : undefined,
    models: {
      orchestrator: values['orchestrator-model'] ?? values.model ?? defaults?.orchestrator,
      worker: values['worker-model'] ?? values.model ?? defaults?.worker,
    },
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
  };
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
  timeoutMs: '--timeout',
  maxRetries: '--max-retries',
  importDepth: '--import-depth',
  workerFileTokens: '--worker-file-tokens',
  models: '--model',
  provider: '--provider',
  bedrock: '--aws-region',
  vertex: '--vertex-project/--vertex-region',
};

function flagFor(path: PropertyKey[]): string {
  return FLAGS[String(path[0])] ?? String(path.join('.'));
}
