/**
 * The engine worker's session keeps one model client per role across requests: a plan and its execute share
 * it (Vertex exchanges its Google token once, not once per request), and a changed spec (a setting, the key)
 * gets a new client. Driven in-process (the session is transport-free), the real SDKs over real HTTP to the
 * loopback mock; Google's credential chain runs against the mock's token route, as in the CLI's cloud tests.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEFAULT_MODELS, RunConfigSchema, type RunConfig } from '../../../../src/core/config';
import type { ClientsSpec, EngineOp, EngineOps, FromWorker } from '../../../../src/vscode/engine/protocol';
import { WorkerSession } from '../../../../src/vscode/engine/workerSession';
import {
  GOOGLE_ACCESS_TOKEN,
  GOOGLE_TOKEN_PATH,
  MockAnthropic,
  errorReply,
  toolUseReply,
} from '../../../mock-anthropic/server';
import { API_KEY } from '../../../support/cli';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PLAN, FETCH_PROJECT } from '../../../support/fetchProject';
import { isPlan, isWorker, workerFile } from '../../../support/mockRequests';
import { TEST_MODELS } from '../../../support/mockRun';
import { tempDir, writeTree } from '../../../support/tempTree';

const INSTRUCTION = 'make `fetchJson` take an options object';
const FILES = ['src/http.ts', 'src/users.ts', 'src/orders.ts'];
const OTHER_KEY = 'sk-ant-test-9876543210-other';
// Generous: the first Vertex call loads Google's auth library and exchanges the token, slow on a busy machine.
const TIMEOUT_MS = 60_000;

/** Sends requests to a WorkerSession and waits for their answers, as the host does over the thread. */
class Driver {
  readonly logs: string[] = [];
  private readonly pending = new Map<number, (m: Extract<FromWorker, { kind: 'response' }>) => void>();
  private nextId = 1;
  private readonly session = new WorkerSession((m) => {
    if (m.kind === 'log') this.logs.push(m.message);
    if (m.kind === 'response') this.pending.get(m.id)?.(m);
  });

  async send<K extends EngineOp>(op: K, params: EngineOps[K]['params']): Promise<EngineOps[K]['result']> {
    const id = this.nextId++;
    const answer = new Promise<Extract<FromWorker, { kind: 'response' }>>((resolve) =>
      this.pending.set(id, resolve),
    );
    this.session.handle({ kind: 'request', id, op, params } as Extract<
      Parameters<WorkerSession['handle']>[0],
      { kind: 'request' }
    >);
    const m = await answer;
    this.pending.delete(id);
    if (!m.ok) throw new Error(`${op} failed: ${m.error.reason}: ${m.error.message}`);
    return m.value as EngineOps[K]['result'];
  }

  /** Plans and executes one run; returns the files the run changed, with their new text. */
  async run(root: string, config: RunConfig, clients: ClientsSpec): Promise<Record<string, string>> {
    const globs = {};
    const planned = await this.send('plan', {
      root,
      globs,
      config,
      clients,
      request: { instruction: INSTRUCTION },
    });
    const result = await this.send('execute', { planned: planned.id, root, globs, config, clients });
    return Object.fromEntries(result.changes.map((c) => [c.file, c.after]));
  }
}

function script(mock: MockAnthropic): void {
  mock.on(isPlan, toolUseReply(FETCH_PLAN));
  mock.on(isWorker(), (req) => toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!)(req));
}

const AFTER = Object.fromEntries(FILES.map((f) => [f, FETCH_AFTER[f]]));

describe('WorkerSession: one model client per role across requests', () => {
  let mock: MockAnthropic;
  let savedCredentials: string | undefined;

  before(async () => {
    mock = await MockAnthropic.start();
    // Google's Application Default Credentials read this from the process environment (as they do for users).
    const dir = tempDir('orchestra-gcp-');
    const subjectToken = join(dir, 'subject-token.jwt');
    writeFileSync(subjectToken, 'mock-subject-token');
    const credentials = join(dir, 'credentials.json');
    writeFileSync(
      credentials,
      JSON.stringify({
        type: 'external_account',
        audience: '//iam.googleapis.com/locations/global/workloadIdentityPools/mock/providers/mock',
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        token_url: `${mock.url}${GOOGLE_TOKEN_PATH}`,
        credential_source: { file: subjectToken },
      }),
    );
    savedCredentials = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    process.env.GOOGLE_APPLICATION_CREDENTIALS = credentials;
  });
  after(async () => {
    if (savedCredentials === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    else process.env.GOOGLE_APPLICATION_CREDENTIALS = savedCredentials;
    await mock.close();
  });
  beforeEach(() => mock.reset());

  const vertex = (region: string): ClientsSpec => ({
    orchestrator: {
      provider: 'platform',
      platform: { kind: 'vertex', projectId: 'mock-project', region, baseURL: `${mock.url}/v1` },
      timeoutMs: TIMEOUT_MS,
      maxRetries: 0,
    },
  });
  const vertexConfig = (): RunConfig =>
    RunConfigSchema.parse({ timeoutMs: TIMEOUT_MS, maxRetries: 0, models: DEFAULT_MODELS.vertex });

  it('Vertex: plan and execute exchange the Google token once; a changed region gets a new client', async () => {
    script(mock);
    const driver = new Driver();
    assert.deepEqual(await driver.run(writeTree(FETCH_PROJECT), vertexConfig(), vertex('us-east5')), AFTER);
    assert.equal(mock.requests.length, 4);
    assert.ok(mock.countTokensRequests.length > 0, 'the estimate counted on Vertex too');
    for (const req of mock.requests) assert.equal(req.headers.authorization, `Bearer ${GOOGLE_ACCESS_TOKEN}`);
    assert.equal(mock.googleTokenRequests, 1);

    // The same settings again: still the same client and token.
    assert.deepEqual(await driver.run(writeTree(FETCH_PROJECT), vertexConfig(), vertex('us-east5')), AFTER);
    assert.equal(mock.requests.length, 8);
    assert.equal(mock.googleTokenRequests, 1);

    // Another region is another client (and its own credentials).
    assert.deepEqual(
      await driver.run(writeTree(FETCH_PROJECT), vertexConfig(), vertex('europe-west1')),
      AFTER,
    );
    assert.equal(mock.googleTokenRequests, 2);
    const base = '/v1/projects/mock-project/locations/europe-west1/';
    assert.deepEqual(
      mock.requests.slice(8).map((r) => r.path.startsWith(base)),
      [true, true, true, true],
    );
  });

  it('Vertex: a failed request drops the clients, so the next one builds them again', async () => {
    mock.on(
      isPlan,
      errorReply(403, 'permission_error', 'Permission denied on resource project mock-project.'),
      {
        times: 1,
      },
    );
    script(mock);
    const driver = new Driver();
    const root = writeTree(FETCH_PROJECT);
    const config = vertexConfig();
    const clients = vertex('us-east5');
    const request = { instruction: INSTRUCTION };
    await assert.rejects(
      driver.send('plan', { root, globs: {}, config, clients, request }),
      /failed: auth: /,
    );
    assert.equal(mock.googleTokenRequests, 1);
    assert.deepEqual(await driver.run(root, config, clients), AFTER);
    assert.equal(mock.googleTokenRequests, 2);
  });

  it('Anthropic: a key changed between plan and execute is the one the workers use; no key reaches the log', async () => {
    script(mock);
    const driver = new Driver();
    const root = writeTree(FETCH_PROJECT);
    const config = RunConfigSchema.parse({ timeoutMs: TIMEOUT_MS, maxRetries: 0, models: TEST_MODELS });
    const spec = (apiKey: string): ClientsSpec => ({
      orchestrator: {
        provider: 'anthropic',
        apiKey,
        baseURL: mock.url,
        timeoutMs: TIMEOUT_MS,
        maxRetries: 0,
      },
    });
    const globs = {};
    const planned = await driver.send('plan', {
      root,
      globs,
      config,
      clients: spec(API_KEY),
      request: { instruction: INSTRUCTION },
    });
    // The key changed between the review and Apply: the workers go out with the new one.
    const result = await driver.send('execute', {
      planned: planned.id,
      root,
      globs,
      config,
      clients: spec(OTHER_KEY),
    });
    assert.deepEqual(Object.fromEntries(result.changes.map((c) => [c.file, c.after])), AFTER);
    assert.deepEqual(
      mock.requests.map((r) => [isPlan(r) ? 'plan' : workerFile(r), r.apiKey]).sort(byFirst),
      [['plan', API_KEY], ...FILES.map((f) => [f, OTHER_KEY])].sort(byFirst),
    );
    for (const line of driver.logs) {
      assert.ok(!line.includes(API_KEY) && !line.includes(OTHER_KEY), `a key in the log: ${line}`);
    }
  });
});

function byFirst(a: unknown[], b: unknown[]): number {
  return String(a[0]).localeCompare(String(b[0]));
}
