/**
 * Bedrock and Vertex chosen in VS Code's settings reach the engine: `orchestra.provider` with the
 * provider's region / project / base URL user settings, a refactoring against the loopback mock's Bedrock and
 * Vertex routes through the real SDKs, the route, model ids and credentials asserted at the mock. AWS keys
 * come from the host's environment (fake ones, cloudEnv.ts); Google's credential chain reads a credential
 * file written here whose token exchange the mock serves.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { GOOGLE_ACCESS_TOKEN, GOOGLE_TOKEN_PATH, type MockAnthropic } from '../mock-anthropic/server';
import { isPlan, isWorker, workerFile } from '../support/mockRequests';
import { ENV_GOOGLE_CREDENTIALS, TEST_AWS_ENV } from './cloudEnv';
import { AREA_AFTER, INSTRUCTION } from './fixture';
import { readWorkspaceFile, setSetting, waitFor } from './helpers';
import { mockSuite } from './hooks';
import { scriptArea } from './mockScripts';

const FILES = ['src/geometry.ts', 'src/main.ts', 'src/report.ts'];

function refactor(): Thenable<RefactorOutcome> {
  return vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
    instruction: INSTRUCTION,
    review: 'accept',
    preview: 'apply',
  });
}

async function waitForResult(): Promise<void> {
  for (const file of FILES)
    await waitFor(`${file} on disk`, () => readWorkspaceFile(file) === AREA_AFTER[file] || undefined);
}

/** An external-account credential (as workload identity federation uses) whose token URL is the mock's. */
function writeGoogleCredentials(mock: MockAnthropic): void {
  const file = process.env[ENV_GOOGLE_CREDENTIALS];
  if (!file) throw new Error(`${ENV_GOOGLE_CREDENTIALS} is not set: the suite driver sets it`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const subjectToken = path.join(path.dirname(file), 'subject-token.jwt');
  fs.writeFileSync(subjectToken, 'mock-subject-token');
  const credential = {
    type: 'external_account',
    // No project number in the audience: the library would look the project up at Resource Manager.
    audience: '//iam.googleapis.com/locations/global/workloadIdentityPools/mock/providers/mock',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: `${mock.url}${GOOGLE_TOKEN_PATH}`,
    credential_source: { file: subjectToken },
  };
  fs.writeFileSync(file, JSON.stringify(credential));
}

describe('Bedrock and Vertex from VS Code settings (mock cloud routes)', () => {
  const suite = mockSuite({
    each: async (mock) => {
      await setSetting('maxRetries', 0);
      scriptArea(mock);
    },
    clearApiKey: false,
    resetFixtureAfter: true,
  });

  it('orchestra.provider = bedrock with its region and base URL settings: SigV4-signed streamed invoke calls, the Bedrock model ids, applied exactly', async () => {
    const { mock, api } = suite;
    await setSetting('provider', 'bedrock');
    await setSetting('bedrock.region', 'eu-west-3');
    await setSetting('bedrock.baseUrl', mock.url);
    const outcome = await refactor();
    assert.deepEqual(outcome, { status: 'applied', files: FILES });
    await waitForResult();
    assert.equal(mock.requests.length, 4);
    const [plan, ...workers] = mock.requests;
    assert.ok(plan && isPlan(plan), 'the plan comes first');
    assert.equal(plan.platform, 'bedrock');
    assert.equal(plan.path, '/model/anthropic.claude-sonnet-4-5-20250929-v1:0/invoke-with-response-stream');
    assert.deepEqual(
      workers.map((w) => [w.platform, w.path]),
      FILES.map(() => [
        'bedrock',
        '/model/anthropic.claude-haiku-4-5-20251001-v1:0/invoke-with-response-stream',
      ]),
    );
    assert.deepEqual(workers.filter(isWorker()).map(workerFile).sort(), FILES);
    for (const req of mock.requests) {
      // The region is the setting's, not the environment's AWS_REGION (us-west-2).
      assert.match(
        String(req.headers.authorization),
        new RegExp(
          `^AWS4-HMAC-SHA256 Credential=${TEST_AWS_ENV.AWS_ACCESS_KEY_ID}/\\d{8}/eu-west-3/bedrock/aws4_request, `,
        ),
      );
      assert.equal(req.headers['x-api-key'], undefined);
    }
    const run = api.lastRun();
    assert.ok(run);
    assert.deepEqual(run.roles, {
      orchestrator: { provider: 'bedrock', model: 'anthropic.claude-sonnet-4-5-20250929-v1:0' },
      worker: { provider: 'bedrock', model: 'anthropic.claude-haiku-4-5-20251001-v1:0' },
    });
    assert.equal(run.usage.calls, 4);
    assert.ok(
      !api.logLines().join('\n').includes(TEST_AWS_ENV.AWS_SECRET_ACCESS_KEY),
      'the secret never reaches the log',
    );
  });

  it('orchestra.provider = vertex with its project, region and base URL settings: rawPredict routes, the Google token, applied exactly', async () => {
    const { mock, api } = suite;
    writeGoogleCredentials(mock);
    await setSetting('provider', 'vertex');
    await setSetting('vertex.projectId', 'mock-project');
    await setSetting('vertex.region', 'us-east5');
    await setSetting('vertex.baseUrl', `${mock.url}/v1`);
    const outcome = await refactor();
    assert.deepEqual(outcome, { status: 'applied', files: FILES });
    await waitForResult();
    const base = '/v1/projects/mock-project/locations/us-east5/publishers/anthropic/models';
    assert.deepEqual(
      mock.requests.map((r) => r.path),
      [
        `${base}/claude-sonnet-4-5@20250929:streamRawPredict`,
        ...FILES.map(() => `${base}/claude-haiku-4-5@20251001:streamRawPredict`),
      ],
    );
    assert.deepEqual(mock.requests.filter(isWorker()).map(workerFile).sort(), FILES);
    for (const req of mock.requests) {
      assert.equal(req.platform, 'vertex');
      assert.equal(req.headers.authorization, `Bearer ${GOOGLE_ACCESS_TOKEN}`);
    }
    // Through Google's own credential chain, once: the engine worker keeps the client its settings' spec built
    // for the plan and reuses it for the run (each engine request used to build its own: two exchanges).
    assert.equal(mock.googleTokenRequests, 1);
    const run = api.lastRun();
    assert.ok(run);
    assert.deepEqual(run.roles, {
      orchestrator: { provider: 'vertex', model: 'claude-sonnet-4-5@20250929' },
      worker: { provider: 'vertex', model: 'claude-haiku-4-5@20251001' },
    });
  });
});
