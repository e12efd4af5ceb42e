// Lint keeps the layering the folder READMEs describe: what a README says a folder may import, a rule here checks.
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

/** `no-restricted-imports` patterns, one per boundary, each with the README's reason. */
const vscodeApi = {
  regex: '^vscode$',
  message: 'src/core and src/cli never import vscode (src/core/README.md).',
};
const adapters = {
  regex: '(^|/)(vscode|cli)/|(^|/)extension$',
  message: 'The engine never imports the adapters or the CLI; data flows adapters → pipeline → core.',
};
/** Leaving the folder (`../x`) is allowed only towards the listed siblings of src/core. */
const onlyEngine = (self, allowed) => ({
  regex: `^\\.\\./(?!(${allowed.join('|')})$)`,
  message: `src/core/${self} may import only ${allowed.map((a) => `../${a}`).join(', ')} from the rest of the engine (its README).`,
});
const heavyMessage =
  'Start-up files reach heavy modules only through `import type`; the engine loads on first command (src/vscode/README.md).';
const heavy = [
  { regex: '^(\\.\\./)+core/(?!llm/redact$)', allowTypeImports: true, message: heavyMessage },
  { regex: '^\\./core/', allowTypeImports: true, message: heavyMessage },
  {
    regex: '^\\.\\./(refactor|preview|lm)/|^\\.\\./(heavyCommands|state)$',
    allowTypeImports: true,
    message: heavyMessage,
  },
  { regex: '^\\./vscode/(?!activation/)', allowTypeImports: true, message: heavyMessage },
  {
    regex: '^(ts-morph|@anthropic-ai/sdk|openai|zod|diff|p-limit)$',
    allowTypeImports: true,
    message: heavyMessage,
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.vscode-test/**',
      'bench/.work/**',
      'test/fixtures/**',
      'examples/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      // no-cycle parses each imported file itself: it must know .ts files take the TypeScript parser.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [vscodeApi, adapters] }] },
  },
  {
    files: ['src/core/workspace/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [vscodeApi, adapters, onlyEngine('workspace', ['errors', 'result'])] },
      ],
    },
  },
  {
    files: ['src/core/facts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            vscodeApi,
            adapters,
            {
              regex: '^\\.\\./(?!errors$|result$|workspace/)',
              message:
                'src/core/facts may import only ../errors, ../result and ../workspace/* from the rest of the engine (its README).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/diff/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [vscodeApi, adapters, onlyEngine('diff', ['runTypes', 'result'])] },
      ],
    },
  },
  {
    files: ['src/core/llm/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [vscodeApi, adapters, onlyEngine('llm', ['errors', 'result', 'runTypes'])],
        },
      ],
    },
  },
  {
    files: ['src/core/journal/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            vscodeApi,
            adapters,
            onlyEngine('journal', [
              'handlers/handler',
              'llm/modelClient',
              'llm/ledger',
              'plan/planSchema',
              'config',
              'errors',
              'stageTypes',
              'result',
              'workspace/contentHash',
              'workspace/storedSchemas',
            ]),
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/shard/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            vscodeApi,
            adapters,
            onlyEngine('shard', [
              'pipeline',
              'config',
              'errors',
              'result',
              'runTypes',
              'stageTypes',
              'journal/subtaskRecord',
              'workspace/storedSchemas',
              'handlers/handler',
              'handlers/registry',
              'plan/planSchema',
              'plan/dependencies',
              'run/runSubtasks',
              'run/providers',
              'facts/facts',
              'facts/types',
              'llm/budget',
              'llm/ledger',
              'llm/modelClient',
              'worker/workerRequests',
              'workspace/contentHash',
              'workspace/workspace',
            ]),
          ],
        },
      ],
    },
  },
  {
    files: ['src/vscode/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)cli/', message: 'The VS Code adapter never imports the CLI.' }] },
      ],
    },
  },
  {
    // The engine worker's files run off the extension host thread: no vscode API, nothing of the UI halves.
    files: ['src/vscode/engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)cli/', message: 'The VS Code adapter never imports the CLI.' },
            {
              regex: '^vscode$',
              message: 'src/vscode/engine runs in a worker thread: no vscode API there (its README).',
            },
            {
              regex:
                '^\\.\\./(preview|lm|activation)/|^\\.\\./refactor/(?!workspaceCache$)|^\\.\\./(heavyCommands|state)$',
              allowTypeImports: true,
              message:
                'src/vscode/engine may import only the engine (src/core) and refactor/workspaceCache: the worker bundle must not pull in the UI (its README).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/vscode/activation/**/*.ts', 'src/extension.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: heavy }] },
  },
);
