/**
 * `--provider bedrock` and `--provider vertex` end to end: the real Bedrock and Vertex SDKs over real HTTP to
 * the loopback mock, with static AWS test credentials (SigV4-signed requests) and a Google external-account
 * credential file whose token exchange the mock serves, so Google's own credential chain runs offline.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GOOGLE_ACCESS_TOKEN,
  GOOGLE_TOKEN_PATH,
  MockAnthropic,
  errorReply,
  toolUseReply,
} from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { DEFAULT_MODELS } from '../../../src/core/config';
import { cli } from '../../support/cli';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PLAN, FETCH_PROJECT } from '../../support/fetchProject';
import { isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, tempDir, writeTree } from '../../support/tempTree';

const FILES = ['src/http.ts', 'src/users.ts', 'src/orders.ts'];
const UNCHANGED = Object.fromEntries(FILES.map((f) => [f, FETCH_PROJECT[f]]));
const AWS_KEY_ID = 'AKIAMOCKTESTONLY0001';
const AWS_SECRET = 'mock/aws+secret-key-never-printed-0123456789';
const INSTRUCTION = 'make `fetchJson` take an options object';

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
      // No project number in the audience: the library would look the project up at Resource Manager.
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

function bedrockEnv(): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: AWS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: AWS_SECRET,
    AWS_REGION: 'eu-west-3',
    ANTHROPIC_BEDROCK_BASE_URL: mock.url,
  };
}

function vertexEnv(): Record<string, string> {
  return { ANTHROPIC_VERTEX_BASE_URL: `${mock.url}/v1` };
}

function scriptFetchRefactor(): void {
  mock.on(isPlan, toolUseReply(FETCH_PLAN, { usage: { input_tokens: 2000, output_tokens: 300 } }));
  mock.on(isWorker(), (req) =>
    toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!, { usage: { input_tokens: 800, output_tokens: 120 } })(
      req,
    ),
  );
}

/** Same usage and the Anthropic API's prices for the same models: (2000×3 + 300×15 + 3×(800×1 + 120×5)) / 1e6. */
const USAGE_LINE = /4 calls, 4400 input \+ 0 cache-read \+ 0 cache-write \+ 660 output tokens, \$0\.015 /;

test('--provider bedrock plans and runs through the Bedrock SDK: SigV4-signed streamed invoke calls, model ids in the path', async () => {
  const dir = writeTree(FETCH_PROJECT);
  scriptFetchRefactor();
  const run = await cli(
    ['refactor', INSTRUCTION, '--cwd', dir, '--apply', '--provider', 'bedrock'],
    bedrockEnv(),
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, FILES), FETCH_AFTER);
  assert.equal(mock.requests.length, 4);
  const [plan, ...workers] = mock.requests;
  assert.equal(plan?.platform, 'bedrock');
  assert.equal(plan?.path, `/model/${DEFAULT_MODELS.bedrock.orchestrator}/invoke-with-response-stream`);
  assert.equal(plan?.pathModel, 'anthropic.claude-sonnet-4-5-20250929-v1:0');
  assert.deepEqual(
    workers.map((w) => [w.platform, w.pathModel]),
    [0, 1, 2].map(() => ['bedrock', 'anthropic.claude-haiku-4-5-20251001-v1:0']),
  );
  for (const req of mock.requests) {
    assert.match(
      String(req.headers.authorization),
      new RegExp(`^AWS4-HMAC-SHA256 Credential=${AWS_KEY_ID}/\\d{8}/eu-west-3/bedrock/aws4_request, `),
    );
    assert.equal(req.headers['x-api-key'], undefined);
    // Bedrock streams on its own route: the SDK moves `stream` from the body into the path.
    assert.match(req.path, /^\/model\/[^/]+\/invoke-with-response-stream$/);
    assert.equal(req.body.stream, undefined);
  }
  // Bedrock has no token counting the SDK reaches: the estimate is the local one, no count call is made.
  assert.equal(mock.countTokensRequests.length, 0);
  assert.match(run.stderr, USAGE_LINE);
  assert.ok(!run.stderr.includes(AWS_SECRET) && !run.stdout.includes(AWS_SECRET));
});

test('--provider bedrock: a 403 is an authentication failure naming AWS credentials, exit code 6, nothing written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(
    isPlan,
    errorReply(403, 'permission_error', 'The security token included in the request is invalid.'),
  );
  const run = await cli(
    ['refactor', INSTRUCTION, '--cwd', dir, '--apply', '--provider', 'bedrock'],
    bedrockEnv(),
  );
  assert.equal(run.code, ExitCode.apiError, run.stderr);
  assert.match(
    run.stderr,
    /authentication failed: check your AWS credentials \(AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or SSO\) and the model access granted in the Bedrock console \(403: The security token included in the request is invalid\.\)/,
  );
  assert.equal(mock.requests.length, 1, 'an auth failure is not retried');
  assert.deepEqual(readTree(dir, FILES), UNCHANGED);
  assert.ok(!run.stderr.includes(AWS_SECRET));
});

test('--provider vertex plans and runs through the Vertex SDK: rawPredict paths, the Google bearer token', async () => {
  const dir = writeTree(FETCH_PROJECT);
  scriptFetchRefactor();
  const run = await cli(
    [
      'refactor',
      INSTRUCTION,
      '--cwd',
      dir,
      '--apply',
      '--provider',
      'vertex',
      '--vertex-project',
      'mock-project',
      '--vertex-region',
      'us-east5',
    ],
    vertexEnv(),
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, FILES), FETCH_AFTER);
  assert.equal(mock.requests.length, 4);
  const base = '/v1/projects/mock-project/locations/us-east5/publishers/anthropic/models';
  assert.deepEqual(
    mock.requests.map((r) => r.path),
    [
      `${base}/claude-sonnet-4-5@20250929:streamRawPredict`,
      ...[0, 1, 2].map(() => `${base}/claude-haiku-4-5@20251001:streamRawPredict`),
    ],
  );
  for (const req of mock.requests) {
    assert.equal(req.platform, 'vertex');
    assert.equal(req.headers.authorization, `Bearer ${GOOGLE_ACCESS_TOKEN}`);
    assert.equal(req.body.stream, true);
  }
  // The token was exchanged once through Google's credential chain and then reused.
  assert.equal(mock.googleTokenRequests, 1);
  // Vertex counts tokens (count-tokens:rawPredict) for the estimate.
  assert.ok(mock.countTokensRequests.length > 0);
  assert.ok(mock.countTokensRequests.every((r) => r.platform === 'vertex'));
  assert.match(run.stderr, USAGE_LINE);
});

test('--provider vertex: a 403 is an authentication failure naming Google credentials, exit code 6, nothing written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, errorReply(403, 'permission_error', 'Permission denied on resource project mock-project.'));
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--apply', '--provider', 'vertex'], {
    ...vertexEnv(),
    ANTHROPIC_VERTEX_PROJECT_ID: 'mock-project',
    CLOUD_ML_REGION: 'europe-west1',
  });
  assert.equal(run.code, ExitCode.apiError, run.stderr);
  assert.match(
    run.stderr,
    /authentication failed: check your Google credentials \(gcloud auth application-default login or GOOGLE_APPLICATION_CREDENTIALS\) and Vertex AI access in the project \(403: Permission denied on resource project mock-project\.\)/,
  );
  assert.equal(mock.requests.length, 1);
  assert.equal(
    mock.requests[0]?.path,
    '/v1/projects/mock-project/locations/europe-west1/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict',
  );
  assert.deepEqual(readTree(dir, FILES), UNCHANGED);
  assert.ok(!run.stderr.includes(GOOGLE_ACCESS_TOKEN));
});
