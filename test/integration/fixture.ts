/**
 * The fixture workspace the integration suite opens. The driver writes it to a fresh folder before each run
 * and tests call `resetFixture()` (helpers.ts) to put it back after a run applied changes.
 */
export const FIXTURE_FILES: Readonly<Record<string, string>> = {
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, noEmit: true },
      include: ['src'],
    },
    null,
    2,
  ),
  'src/geometry.ts': [
    'export function area(width: number, height: number): number {',
    '  return width * height;',
    '}',
    '',
  ].join('\n'),
  'src/report.ts': [
    "import { area } from './geometry';",
    '',
    'export function describeRoom(width: number, height: number): string {',
    '  return `room of ${area(width, height)} m2`;',
    '}',
    '',
  ].join('\n'),
  'src/main.ts': [
    "import { area } from './geometry';",
    "import { describeRoom } from './report';",
    '',
    'console.log(area(2, 3), describeRoom(4, 5));',
    '',
  ].join('\n'),
};

export const INSTRUCTION = 'make area take a { width, height } object';

/** The orchestrator's plan for INSTRUCTION: one worker per file. */
export const AREA_PLAN = {
  summary: 'area takes a Size object; callers pass one.',
  subtasks: [
    {
      file: 'src/geometry.ts',
      handler: 'llm',
      instructions: 'Change area to take { width, height }.',
      priority: 10,
    },
    { file: 'src/report.ts', handler: 'llm', instructions: 'Call area with an object.', priority: 8 },
    { file: 'src/main.ts', handler: 'llm', instructions: 'Call area with an object.', priority: 5 },
  ],
};

/** Each worker's search/replace edits. */
export const AREA_EDITS: Readonly<
  Record<string, { file: string; edits: Array<{ search: string; replace: string }> }>
> = {
  'src/geometry.ts': {
    file: 'src/geometry.ts',
    edits: [
      {
        search: 'export function area(width: number, height: number): number {\n  return width * height;',
        replace:
          'export function area(size: { width: number; height: number }): number {\n  return size.width * size.height;',
      },
    ],
  },
  'src/report.ts': {
    file: 'src/report.ts',
    edits: [{ search: '${area(width, height)}', replace: '${area({ width, height })}' }],
  },
  'src/main.ts': {
    file: 'src/main.ts',
    edits: [{ search: 'console.log(area(2, 3),', replace: 'console.log(area({ width: 2, height: 3 }),' }],
  },
};

/** The files after AREA_EDITS. */
export const AREA_AFTER: Readonly<Record<string, string>> = {
  'src/geometry.ts': [
    'export function area(size: { width: number; height: number }): number {',
    '  return size.width * size.height;',
    '}',
    '',
  ].join('\n'),
  'src/report.ts': [
    "import { area } from './geometry';",
    '',
    'export function describeRoom(width: number, height: number): string {',
    '  return `room of ${area({ width, height })} m2`;',
    '}',
    '',
  ].join('\n'),
  'src/main.ts': [
    "import { area } from './geometry';",
    "import { describeRoom } from './report';",
    '',
    'console.log(area({ width: 2, height: 3 }), describeRoom(4, 5));',
    '',
  ].join('\n'),
};
