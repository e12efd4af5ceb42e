import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScope } from '../../../../src/core/merge/scope';
import type { Plan } from '../../../../src/core/plan/planSchema';
import type { OutOfScopeHunk } from '../../../../src/core/runTypes';

const HTTP = `export async function fetchJson(url: string, method: string): Promise<unknown> {
  return { url, method };
}

export function retryDelay(attempt: number): number {
  const base = 100;
  return base * 2 ** attempt;
}
`;

const PLAN: Plan = {
  summary: 'fetchJson takes an options object.',
  subtasks: [
    {
      file: 'src/http.ts',
      handler: 'llm',
      instructions: 'Change the signature to fetchJson(url, options: { method: string }).',
      priority: 10,
    },
  ],
};

const INSTRUCTION = 'make `fetchJson` take an options object';
const SEEDS = { seeds: [{ name: 'fetchJson' }], symbols: [] };

function doTest(
  after: string,
  expected: { strict: string; outOfScope: Array<Omit<OutOfScopeHunk, 'dropped' | 'subtask' | 'file'>> },
  options: { base?: string; plan?: Plan; instruction?: string } = {},
): void {
  const base = options.base ?? HTTP;
  for (const strict of [false, true]) {
    const r = checkScope({
      plan: options.plan ?? PLAN,
      facts: SEEDS,
      instruction: options.instruction ?? INSTRUCTION,
      proposals: [{ subtask: 'src/http.ts', file: 'src/http.ts', after }],
      baseText: () => base,
      strict,
    });
    assert.deepEqual(
      r.outOfScope,
      expected.outOfScope.map((h) => ({
        subtask: 'src/http.ts',
        file: 'src/http.ts',
        ...h,
        dropped: strict,
      })),
    );
    const merged = r.proposals[0]?.after ?? base;
    assert.equal(merged, strict ? expected.strict : after, `strict: ${strict}`);
  }
}

test('the wanted edits are in scope; an unrelated TODO comment and a local renamed elsewhere are not', () => {
  const after = `export async function fetchJson(url: string, options: { method: string }): Promise<unknown> {
  return { url, method: options.method };
}

// TODO: tidy this up
export function retryDelay(attempt: number): number {
  const initial = 100;
  return initial * 2 ** attempt;
}
`;
  doTest(after, {
    strict: `export async function fetchJson(url: string, options: { method: string }): Promise<unknown> {
  return { url, method: options.method };
}

export function retryDelay(attempt: number): number {
  const base = 100;
  return base * 2 ** attempt;
}
`,
    outOfScope: [
      { line: 5, removed: [], added: ['// TODO: tidy this up'] },
      {
        line: 6,
        removed: ['  const base = 100;', '  return base * 2 ** attempt;'],
        added: ['  const initial = 100;', '  return initial * 2 ** attempt;'],
      },
    ],
  });
});

test('a comment above a line using the symbol, a new interface the signature uses and its import are in scope', () => {
  const base = `import { log } from './log';

export async function fetchJson(url: string, method: string): Promise<unknown> {
  log(url);
  return { url, method };
}
`;
  const after = `import { log } from './log';
import type { Verb } from './verbs';

export interface FetchOptions {
  method: Verb;
}

export async function fetchJson(url: string, options: FetchOptions): Promise<unknown> {
  log(url);
  // the method comes from the options now
  return { url, method: options.method };
}
`;
  doTest(after, { strict: after, outOfScope: [] }, { base });
});

test('an edit inside a class member that uses the symbol is in scope; another member of the class is not', () => {
  const base = `import { fetchJson } from './http';

export class Users {
  load(id: string): Promise<unknown> {
    return fetchJson(\`/users/\${id}\`, 'GET');
  }

  count(): number {
    return 0;
  }
}
`;
  const after = `import { fetchJson } from './http';

export class Users {
  load(id: string): Promise<unknown> {
    return fetchJson(\`/users/\${id}\`, { method: 'GET' });
  }

  count(): number {
    return 1;
  }
}
`;
  doTest(
    after,
    {
      strict: `import { fetchJson } from './http';

export class Users {
  load(id: string): Promise<unknown> {
    return fetchJson(\`/users/\${id}\`, { method: 'GET' });
  }

  count(): number {
    return 0;
  }
}
`,
      outOfScope: [{ line: 9, removed: ['    return 0;'], added: ['    return 1;'] }],
    },
    {
      base,
      plan: {
        summary: 'x',
        subtasks: [
          { file: 'src/http.ts', handler: 'llm', instructions: 'Pass { method } instead.', priority: 5 },
        ],
      },
    },
  );
});

test('beside a wanted rename of an import, an unrelated constant changed is out of scope', () => {
  const base = `import { fetchJson } from './http';

export const load = (): Promise<unknown> => fetchJson('/x', 'GET');

export const unrelated = 1;
`;
  const after = `import { requestJson } from './http';

export const load = (): Promise<unknown> => requestJson('/x', 'GET');

export const unrelated = 2;
`;
  doTest(
    after,
    {
      strict: `import { requestJson } from './http';

export const load = (): Promise<unknown> => requestJson('/x', 'GET');

export const unrelated = 1;
`,
      outOfScope: [
        { line: 5, removed: ['export const unrelated = 1;'], added: ['export const unrelated = 2;'] },
      ],
    },
    {
      base,
      instruction: 'rename it',
      plan: {
        summary: 'x',
        subtasks: [
          {
            file: 'src/http.ts',
            handler: 'llm',
            instructions: 'Update the import.',
            priority: 5,
            rename: { from: 'fetchJson', to: 'requestJson' },
          },
        ],
      },
    },
  );
});

test('a file that names nothing the subtask is about is not judged; two instruction words may name one identifier', () => {
  const base = `exports.cartTotal = function (prices) {
  return prices.reduce((a, b) => a + b, 0);
};

exports.count = (prices) => prices.length;
`;
  const after = `exports.cartTotal = function (prices) {
  return prices.reduce((a, b) => a + b, 0).toFixed(2);
};

exports.count = (prices) => prices.length + 0;
`;
  const plan = (instructions: string): Plan => ({
    summary: 'x',
    subtasks: [{ file: 'src/http.ts', handler: 'llm', instructions, priority: 5 }],
  });
  // "cart total" is cartTotal: its function is in scope, the other export is not.
  doTest(
    after,
    {
      strict: `exports.cartTotal = function (prices) {
  return prices.reduce((a, b) => a + b, 0).toFixed(2);
};

exports.count = (prices) => prices.length;
`,
      outOfScope: [
        {
          line: 5,
          removed: ['exports.count = (prices) => prices.length;'],
          added: ['exports.count = (prices) => prices.length + 0;'],
        },
      ],
    },
    { base, plan: plan('Pad the cart total.'), instruction: 'pad the cart total' },
  );
  // Nothing in the file is named by the instructions: no line to judge against, so nothing is out of scope.
  doTest(after, { strict: after, outOfScope: [] }, { base, plan: plan('Pad it.'), instruction: 'pad it' });
});
