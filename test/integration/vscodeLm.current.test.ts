/**
 * The `vscode-lm` provider end to end on the current VS Code, against a chat model registered through
 * `vscode.lm.registerLanguageModelChatProvider` by the scripted test extension (lm-model-extension/): the
 * plan, three workers (one reads lines of its file with `read_lines` first), the preview and Apply, all
 * through VS Code's own language model API. Runs only on the current runtime (`*.current.test.ts`): VS Code
 * 1.100 cannot register a chat model.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OrchestraApi } from '../../src/vscode/activation/extensionApi';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { PREVIEW_SCHEME } from '../../src/vscode/preview/preview';
import { isEditCall, isPlan, workerFile, type MatchedRequest } from '../support/mockRequests';
import { AREA_EDITS, AREA_PLAN, FIXTURE_FILES, INSTRUCTION } from './fixture';
import {
  activateExtension,
  readWorkspaceFile,
  resetFixture,
  resetSettings,
  setSetting,
  waitFor,
} from './helpers';
import {
  SCRIPTED_LM_EXTENSION_ID,
  type ScriptedLmApi,
  type SeenPart,
  type SeenRequest,
} from './lm-model-extension/protocol';

const FILES = ['src/geometry.ts', 'src/main.ts', 'src/report.ts'];

const GEOMETRY_AFTER = `export function area(size: { width: number; height: number }): number {
  return size.width * size.height;
}
`;
const REPORT_AFTER = `import { area } from './geometry';

export function describeRoom(width: number, height: number): string {
  return \`room of \${area({ width, height })} m2\`;
}
`;
const MAIN_AFTER = `import { area } from './geometry';
import { describeRoom } from './report';

console.log(area({ width: 2, height: 3 }), describeRoom(4, 5));
`;

async function scriptedModel(): Promise<ScriptedLmApi> {
  const ext = vscode.extensions.getExtension<ScriptedLmApi>(SCRIPTED_LM_EXTENSION_ID);
  if (!ext) throw new Error(`the scripted chat model extension ${SCRIPTED_LM_EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/** The request as the shared matchers read it: the answer tool, and the user text after the system turn. */
function matched(request: SeenRequest): MatchedRequest {
  const userText = request.messages
    .slice(1)
    .filter((m) => m.role === 'user')
    .flatMap((m) => m.parts.flatMap((p) => (p.kind === 'text' ? [p.text] : [])))
    .join('\n');
  return { toolName: request.tools[0], userText };
}

const hasResult = (request: SeenRequest): boolean =>
  request.messages.some((m) => m.parts.some((p) => p.kind === 'result'));

/** The plan, and each file's edits; geometry's worker first reads its lines 1-3, as a worker shown an excerpt would. */
function scriptArea(lm: ScriptedLmApi): void {
  lm.script((request) => {
    const m = matched(request);
    if (isPlan(m)) return [{ call: { callId: 'plan-1', name: 'submit_plan', input: AREA_PLAN } }];
    const file = workerFile(m) ?? '';
    const edits = AREA_EDITS[file];
    if (!isEditCall(m) || !edits) throw new Error(`unexpected request: ${JSON.stringify(m).slice(0, 300)}`);
    if (file === 'src/geometry.ts' && !hasResult(request)) {
      return [
        { text: 'Reading the function first.' },
        { call: { callId: 'read-1', name: 'read_lines', input: { start: 1, end: 3 } } },
      ];
    }
    return [{ call: { callId: `edits-${file}`, name: 'submit_edits', input: edits } }];
  });
}

function refactor(preview: 'keep' | 'discard'): Thenable<RefactorOutcome> {
  return vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
    instruction: INSTRUCTION,
    review: 'accept',
    preview,
  });
}

describe('vscode-lm provider on a registered chat model (current VS Code)', () => {
  let api: OrchestraApi;
  let lm: ScriptedLmApi;

  before(async () => {
    api = await activateExtension();
    lm = await scriptedModel();
  });
  beforeEach(async () => {
    lm.reset();
    await resetFixture();
    await setSetting('provider', 'vscode-lm');
    // The orchestrator by the model's id, the workers by its family: the two ways the setting may name it.
    await setSetting('models.orchestrator', lm.modelId);
    await setSetting('models.worker', lm.family);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('orchestra.discardPreview');
    await resetSettings();
  });

  it('plans, runs the workers (a read_lines round trip included), previews and applies exactly', async () => {
    scriptArea(lm);
    const kept = await refactor('keep');
    assert.deepEqual(kept, { status: 'previewed', files: FILES }, api.logLines().slice(-40).join('\n'));
    const after = await waitFor('the preview documents', () =>
      vscode.workspace.textDocuments.find(
        (d) =>
          d.uri.scheme === PREVIEW_SCHEME &&
          d.uri.path === '/src/geometry.ts' &&
          d.uri.query.endsWith(':after'),
      ),
    );
    assert.equal(after.getText(), GEOMETRY_AFTER);
    for (const file of FILES)
      assert.equal(readWorkspaceFile(file), FIXTURE_FILES[file], `${file} before Apply`);

    const decision = await vscode.commands.executeCommand<RefactorOutcome>('orchestra.applyPreview');
    assert.deepEqual(decision, { status: 'applied', files: FILES });
    const expected: Record<string, string> = {
      'src/geometry.ts': GEOMETRY_AFTER,
      'src/main.ts': MAIN_AFTER,
      'src/report.ts': REPORT_AFTER,
    };
    for (const file of FILES) {
      await waitFor(`${file} on disk`, () => readWorkspaceFile(file) === expected[file] || undefined);
    }

    // What the model saw: one plan (its tool forced), four worker calls (answer tool + read_lines, Auto).
    const requests = lm.requests;
    assert.equal(requests.length, 5, JSON.stringify(requests.map((r) => matched(r).userText.slice(0, 80))));
    const plans = requests.filter((r) => isPlan(matched(r)));
    assert.equal(plans.length, 1);
    assert.deepEqual(
      { model: plans[0]!.model, tools: plans[0]!.tools, toolMode: plans[0]!.toolMode },
      { model: 'scripted-1', tools: ['submit_plan'], toolMode: 'required' },
    );
    assert.match(matched(plans[0]!).userText, /make area take a \{ width, height \} object/);
    const workers = requests.filter((r) => isEditCall(matched(r)));
    const asked = (r: SeenRequest): string => `${workerFile(matched(r))} ${r.tools.join('+')} ${r.toolMode}`;
    assert.deepEqual(workers.map(asked).sort(), [
      'src/geometry.ts submit_edits+read_lines auto',
      'src/geometry.ts submit_edits+read_lines auto',
      'src/main.ts submit_edits+read_lines auto',
      'src/report.ts submit_edits+read_lines auto',
    ]);

    // The read_lines call went back to the model as a tool call and its result as a tool result part.
    const second = workers.find((r) => workerFile(matched(r)) === 'src/geometry.ts' && hasResult(r));
    assert.ok(second, 'geometry was asked again with the lines it read');
    const tail = second.messages.slice(-2);
    assert.deepEqual(tail, [
      {
        role: 'assistant',
        parts: [
          { kind: 'text', text: 'Reading the function first.' },
          { kind: 'call', callId: 'read-1', name: 'read_lines', input: { start: 1, end: 3 } },
        ] satisfies SeenPart[],
      },
      {
        role: 'user',
        parts: [
          {
            kind: 'result',
            callId: 'read-1',
            text: '1 | export function area(width: number, height: number): number {\n2 |   return width * height;\n3 | }',
          },
        ] satisfies SeenPart[],
      },
    ]);

    const run = api.lastRun();
    assert.ok(run);
    assert.deepEqual(run.roles, {
      orchestrator: { provider: 'vscode-lm', model: 'scripted-1' },
      worker: { provider: 'vscode-lm', model: 'scripted' },
    });
    assert.equal(run.usage.calls, 5);
    assert.equal(run.usage.costUsd, 0);
    assert.ok(lm.tokenCounts > 0, 'token counts came from the model’s own tokenizer');
  });

  it('names the registered model when the setting matches none, and sends nothing', async () => {
    scriptArea(lm);
    await setSetting('models.orchestrator', 'no-such-model');
    const outcome = await refactor('discard');
    assert.equal(outcome.status, 'error', JSON.stringify(outcome));
    assert.ok(outcome.status === 'error');
    assert.equal(
      outcome.message,
      'No VS Code language model matches "no-such-model". Set orchestra.models.orchestrator / orchestra.models.worker to one of: scripted-1 (orchestra-scripted/scripted).',
    );
    assert.equal(lm.requests.length, 0);
  });
});
