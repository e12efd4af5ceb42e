/** The loopback mock's scripts for the `fetchJson` project's scenarios (fetchProject.ts), shared by CLI and engine tests. */
import { toolUseReply, type MockAnthropic } from '../mock-anthropic/server';
import { FETCH_EDITS } from './fetchProject';
import { isPlan, isRepair, isWorker, workerFile } from './mockRequests';

/** Only http.ts is planned, and its worker changes the signature: both callers break (the plan omits them). */
export function scriptSignatureOnly(mock: MockAnthropic): void {
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'fetchJson takes options.',
      subtasks: [
        { file: 'src/http.ts', handler: 'llm', instructions: 'Take { method } options.', priority: 10 },
      ],
    }),
  );
  mock.on(isWorker('src/http.ts'), toolUseReply(FETCH_EDITS['src/http.ts']));
}

/**
 * A rename planned for all three files whose declaring file's worker changes nothing (asked twice): the importers are renamed,
 * the declaration is not, and the repair of http.ts renames it (FETCH_RENAMED).
 */
export function scriptRenameRepair(mock: MockAnthropic): void {
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Rename fetchJson to requestJson.',
      subtasks: ['src/http.ts', 'src/users.ts', 'src/orders.ts'].map((file) => ({
        file,
        handler: 'llm',
        instructions: 'Rename fetchJson to requestJson in this file.',
        priority: 5,
      })),
    }),
  );
  mock.on(isWorker('src/http.ts'), toolUseReply({ file: 'src/http.ts', edits: [], notes: 'nothing here' }));
  mock.on(isWorker(), (req) =>
    toolUseReply({
      file: workerFile(req),
      edits: [
        { search: 'import { fetchJson }', replace: 'import { requestJson }' },
        { search: 'return fetchJson(', replace: 'return requestJson(' },
      ],
    })(req),
  );
  mock.on(
    isRepair('src/http.ts'),
    toolUseReply({
      file: 'src/http.ts',
      edits: [{ search: 'function fetchJson(', replace: 'function requestJson(' }],
    }),
  );
}
