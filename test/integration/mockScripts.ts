/** Scripted mock-API conversations for the fixture refactor (plan + one worker per file). */
import type { MockReply, MockRequest } from '../mock-anthropic/server';
import { type MockAnthropic, toolUseReply, type ReplyOptions } from '../mock-anthropic/server';
import { AREA_EDITS, AREA_PLAN } from './fixture';
import { isEditCall, isPlan, isWorker, workerFile } from '../support/mockRequests';
import { setSetting, TEST_KEY } from './helpers';

export function workerRequests(mock: MockAnthropic): MockRequest[] {
  return mock.requests.filter(isWorker());
}

export interface AreaScript {
  plan?: unknown;
  /** Per-file reply override (e.g. a hang or bad edits). */
  worker?: (file: string, req: MockRequest) => MockReply | undefined;
  workerOptions?: ReplyOptions;
}

export function scriptArea(mock: MockAnthropic, script: AreaScript = {}): void {
  mock.on(
    isPlan,
    toolUseReply(script.plan ?? AREA_PLAN, { usage: { input_tokens: 1500, output_tokens: 200 } }),
  );
  // Every edit call (a repair too) gets the file's scripted edits, as a worker would.
  mock.on(isEditCall, (req) => {
    const file = workerFile(req) ?? '';
    const custom = script.worker?.(file, req);
    if (custom) return custom;
    const edits = AREA_EDITS[file];
    if (!edits) throw new Error(`unexpected worker for ${file}`);
    return toolUseReply(edits, { usage: { input_tokens: 600, output_tokens: 90 }, ...script.workerOptions })(
      req,
    );
  });
}

/** Points the extension at the mock with the test key (through the Set API Key command). */
export async function useMock(mock: MockAnthropic): Promise<void> {
  await import('vscode').then((vscode) => vscode.commands.executeCommand('orchestra.setApiKey', TEST_KEY));
  await setSetting('anthropic.baseUrl', mock.url);
  await setSetting('maxRetries', 0);
}
