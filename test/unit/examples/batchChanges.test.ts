/**
 * The Sourcegraph Batch Changes example parses as YAML and has what a batch spec requires (name, on, steps
 * with a container and a run, changesetTemplate with title, body, branch and commit message), runs the CLI's
 * refactor with --apply, and names the key as a secret instead of holding it; a broken copy is caught.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/paths';

// js-yaml is in node_modules (a dependency of the lint tooling) without type declarations: typed here.
const { load } = createRequire(join(REPO_ROOT, 'package.json'))('js-yaml') as { load(text: string): unknown };
const SPEC = join(REPO_ROOT, 'examples', 'batch-changes', 'orchestra.batch.yaml');

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the spec lacks of the fields Batch Changes requires, and of what this example promises. */
function specProblems(spec: unknown): string[] {
  if (!isObject(spec)) return ['the spec is not a mapping'];
  const problems: string[] = [];
  if (typeof spec.name !== 'string' || !/^[\w.-]+$/.test(spec.name))
    problems.push('name: letters, digits, . _ -');
  const on = spec.on;
  if (!Array.isArray(on) || on.length === 0) problems.push('on: a non-empty list');
  else if (
    !on.every(
      (o) =>
        isObject(o) && (typeof o.repositoriesMatchingQuery === 'string' || typeof o.repository === 'string'),
    )
  )
    problems.push('on[]: repositoriesMatchingQuery or repository');
  const steps = spec.steps;
  if (!Array.isArray(steps) || steps.length === 0) problems.push('steps: a non-empty list');
  else {
    steps.forEach((s: unknown, i) => {
      if (!isObject(s) || typeof s.run !== 'string' || typeof s.container !== 'string')
        problems.push(`steps[${i}]: run and container`);
    });
    const run = steps.map((s: unknown) => (isObject(s) && typeof s.run === 'string' ? s.run : '')).join('\n');
    if (!/\borchestra-refactor\b.*\brefactor\b/.test(run) || !run.includes('--apply'))
      problems.push('steps: run the CLI (refactor … --apply)');
    const env = steps.flatMap((s: unknown) =>
      isObject(s) && Array.isArray(s.env) ? (s.env as unknown[]) : [],
    );
    if (!env.includes('ANTHROPIC_API_KEY'))
      problems.push('steps[].env: ANTHROPIC_API_KEY by name (a secret)');
  }
  const t = spec.changesetTemplate;
  if (!isObject(t)) problems.push('changesetTemplate: required with steps');
  else {
    for (const f of ['title', 'body', 'branch'] as const)
      if (typeof t[f] !== 'string' || t[f] === '') problems.push(`changesetTemplate.${f}`);
    if (!isObject(t.commit) || typeof t.commit.message !== 'string')
      problems.push('changesetTemplate.commit.message');
  }
  return problems;
}

test('the batch spec parses and has every field Batch Changes requires; the key is named, never written', () => {
  const text = readFileSync(SPEC, 'utf8');
  assert.deepEqual(specProblems(load(text)), []);
  assert.doesNotMatch(text, /sk-ant-/);
});

test('a broken copy of the spec is caught: no changesetTemplate, a step without a container, the key inline', () => {
  const spec = load(readFileSync(SPEC, 'utf8')) as Json;
  const steps = spec.steps as Json[];
  const broken = {
    ...spec,
    changesetTemplate: undefined,
    steps: [{ ...steps[0], container: undefined, env: [{ ANTHROPIC_API_KEY: 'inline' }] }],
  };
  assert.deepEqual(specProblems(broken), [
    'steps[0]: run and container',
    'steps[].env: ANTHROPIC_API_KEY by name (a secret)',
    'changesetTemplate: required with steps',
  ]);
  assert.deepEqual(specProblems(load('name: x\nsteps: []\n')), [
    'on: a non-empty list',
    'steps: a non-empty list',
    'changesetTemplate: required with steps',
  ]);
});
