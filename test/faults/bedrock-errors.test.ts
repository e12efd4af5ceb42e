/**
 * Amazon Bedrock's errors by AWS type, through the REAL Bedrock SDK over HTTP to the mock: each answer carries
 * its type in `x-amzn-errortype` and the body `{ message }`, as Bedrock sends them. For each: the reason, the
 * whole message the user sees, and how many requests the mock saw (retryable ones: 1 + maxRetries).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnthropicClient } from '../../src/core/llm/anthropicClient';
import { awsErrorType } from '../../src/core/llm/bedrockErrors';
import type { ModelRequest } from '../../src/core/llm/modelClient';
import { OrchestraError } from '../../src/core/errors';
import { bedrockErrorReply, errorReply, type MockAnthropic, type MockReply } from '../mock-anthropic/server';
import { mockPerFile } from './helpers';

const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const AWS_SECRET = 'mock/aws+faults-secret-never-shown-4567';

let mock: MockAnthropic;
mockPerFile((m) => (mock = m));

function client(maxRetries: number, logs: string[] = []) {
  return createAnthropicClient({
    apiKey: undefined,
    platform: {
      kind: 'bedrock',
      region: 'us-west-2',
      accessKeyId: 'AKIAMOCKFAULTSUITE01',
      secretAccessKey: AWS_SECRET,
      baseURL: mock.url,
    },
    timeoutMs: 5_000,
    maxRetries,
    retryTiming: { baseDelayMs: 5, maxDelayMs: 20 },
    log: (level, message) => logs.push(`${level} ${message}`),
  });
}

const REQUEST: ModelRequest = {
  role: 'orchestrator',
  model: MODEL,
  system: [{ text: 'plan the refactoring' }],
  messages: [{ role: 'user', content: 'rename foo' }],
  tool: { name: 'submit_plan', description: 'Submit the plan.', inputSchema: { type: 'object' } },
  maxTokens: 1000,
  label: 'plan',
};

async function failure(maxRetries: number, logs?: string[]): Promise<OrchestraError> {
  try {
    await client(maxRetries, logs).call(REQUEST);
  } catch (error) {
    assert.ok(error instanceof OrchestraError, `expected OrchestraError, got ${String(error)}`);
    assert.ok(!error.message.includes(AWS_SECRET));
    return error;
  }
  assert.fail('expected the call to fail');
}

interface AwsFault {
  type: string;
  status: number;
  said: string;
  reason: string;
  /** With maxRetries 2. */
  requests: number;
  message: string;
}

const RETRIES = 'after 2 retries';

const AWS_FAULTS: AwsFault[] = [
  {
    type: 'ThrottlingException',
    status: 429,
    said: 'Too many requests, please wait before trying again.',
    reason: 'rate-limited',
    requests: 3,
    message:
      'rate limited by Amazon Bedrock (429 ThrottlingException: Too many requests, please wait before trying ' +
      `again.) ${RETRIES}: wait a minute or lower orchestra.maxConcurrency.`,
  },
  {
    type: 'ServiceQuotaExceededException',
    status: 400,
    said: 'Your request exceeds the service quota for your account.',
    reason: 'rate-limited',
    requests: 3,
    message:
      'your Amazon Bedrock quota is used up (400 ServiceQuotaExceededException: Your request exceeds the service ' +
      `quota for your account.) ${RETRIES}: wait a minute or lower orchestra.maxConcurrency, or ask for a higher ` +
      'quota in the AWS Service Quotas console.',
  },
  {
    type: 'AccessDeniedException',
    status: 403,
    said: "You don't have access to the model with the specified model ID.",
    reason: 'auth',
    requests: 1,
    message:
      `authentication failed: Amazon Bedrock denied access to ${MODEL} (403 AccessDeniedException: You don't ` +
      'have access to the model with the specified model ID.): request access to the model in the Bedrock ' +
      'console (Model access, in this region) and check that your IAM policy allows ' +
      'bedrock:InvokeModelWithResponseStream.',
  },
  {
    type: 'UnrecognizedClientException',
    status: 403,
    said: 'The security token included in the request is invalid.',
    reason: 'auth',
    requests: 1,
    message:
      'authentication failed: AWS does not recognise your credentials (403 UnrecognizedClientException: The ' +
      'security token included in the request is invalid.): check your AWS credentials ' +
      '(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or SSO).',
  },
  {
    type: 'ExpiredTokenException',
    status: 403,
    said: 'The security token included in the request is expired',
    reason: 'auth',
    requests: 1,
    message:
      'authentication failed: your AWS credentials have expired (403 ExpiredTokenException: The security token ' +
      'included in the request is expired): refresh them (aws sso login, or new temporary credentials with ' +
      'AWS_SESSION_TOKEN) and try again.',
  },
  {
    type: 'ValidationException',
    status: 400,
    said: 'Input is too long for requested model.',
    reason: 'api-error',
    requests: 1,
    message:
      `the request is too long for ${MODEL} (400 ValidationException: Input is too long for requested model.): ` +
      'lower orchestra.workerFileTokens (--worker-file-tokens) or use a model with a larger context window.',
  },
  {
    type: 'ValidationException',
    status: 400,
    said: 'Malformed input request: #: required key [messages] not found, please reformat your input and try again.',
    reason: 'api-error',
    requests: 1,
    message:
      'Amazon Bedrock rejected the request as invalid (400 ValidationException: Malformed input request: #: ' +
      'required key [messages] not found, please reformat your input and try again.).',
  },
  {
    type: 'ResourceNotFoundException',
    status: 404,
    said: 'Could not resolve the foundation model from the provided model identifier.',
    reason: 'api-error',
    requests: 1,
    message:
      `model not found on Amazon Bedrock: ${MODEL} (404 ResourceNotFoundException: Could not resolve the ` +
      'foundation model from the provided model identifier.): check the model id (--model, orchestra.models) ' +
      'and that Bedrock offers it in your region (--aws-region, orchestra.bedrock.region or AWS_REGION).',
  },
  {
    type: 'ModelTimeoutException',
    status: 408,
    said: 'Model has timed out in processing the request. Try your request again.',
    reason: 'timeout',
    requests: 3,
    message:
      `${MODEL} timed out on Amazon Bedrock (408 ModelTimeoutException: Model has timed out in processing the ` +
      `request. Try your request again.) ${RETRIES}: try again; if it persists, lower ` +
      'orchestra.workerFileTokens so that each request is smaller.',
  },
  {
    type: 'ServiceUnavailableException',
    status: 503,
    said: 'Bedrock is unable to process your request.',
    reason: 'overloaded',
    requests: 3,
    message:
      'Amazon Bedrock is unavailable (503 ServiceUnavailableException: Bedrock is unable to process your ' +
      `request.) ${RETRIES}: try again in a few minutes.`,
  },
  {
    type: 'ModelNotReadyException',
    status: 429,
    said: 'Model is not ready to serve inference requests.',
    reason: 'overloaded',
    requests: 3,
    message:
      `${MODEL} is not ready on Amazon Bedrock (429 ModelNotReadyException: Model is not ready to serve ` +
      `inference requests.) ${RETRIES}: try again in a few minutes.`,
  },
  {
    type: 'InternalServerException',
    status: 500,
    said: 'The server encountered an internal error while processing the request.',
    reason: 'api-error',
    requests: 3,
    message:
      'Amazon Bedrock returned a server error (500 InternalServerException: The server encountered an internal ' +
      `error while processing the request.) ${RETRIES}: try again later.`,
  },
];

for (const fault of AWS_FAULTS) {
  test(`Bedrock ${fault.status} ${fault.type} (${fault.said.slice(0, 24)}…) → ${fault.reason}, ${fault.requests} request(s)`, async () => {
    mock.on(() => true, bedrockErrorReply(fault.status, fault.type, fault.said));
    const error = await failure(2);
    assert.equal(error.reason, fault.reason);
    assert.equal(error.details.status, fault.status);
    // The request id is Bedrock's x-amzn-requestid header.
    assert.match(error.message, new RegExp(`^${escape(fault.message)} \\[request-id req_mock_\\d+\\]$`));
    assert.equal(mock.requests.length, fault.requests);
    assert.ok(mock.requests.every((r) => r.path === `/model/${MODEL}/invoke-with-response-stream`));
  });
}

test('a ThrottlingException is retried with backoff (no retry-after) and the call then succeeds', async () => {
  mock.on(() => true, bedrockErrorReply(429, 'ThrottlingException', 'Too many requests.'), { times: 2 });
  mock.on(
    () => true,
    (req) => planReply(req.body.model),
  );
  const logs: string[] = [];
  const response = await client(2, logs).call(REQUEST);
  assert.deepEqual(response.toolInput, { summary: 'ok', subtasks: [] });
  assert.equal(mock.requests.length, 3);
  const retries = logs.filter((l) =>
    l.includes('rate-limited (429 ThrottlingException): Too many requests.'),
  );
  assert.deepEqual(
    retries.map((l) => /retry (\d)\/2 in \d+\.\d\d s \(backoff\)/.exec(l)?.[1]),
    ['1', '2'],
  );
});

test('a Bedrock error retried with retry-after waits as long as the header asks', async () => {
  const reply = bedrockErrorReply(503, 'ServiceUnavailableException', 'Try later.', { 'retry-after': '0.3' });
  mock.on(() => true, reply, { times: 1 });
  mock.on(
    () => true,
    (req) => planReply(req.body.model),
  );
  await client(1).call(REQUEST);
  const [first, second] = mock.requests;
  assert.ok(
    second!.receivedAtMs - first!.receivedAtMs >= 300,
    `${second!.receivedAtMs - first!.receivedAtMs} ms`,
  );
});

test('an error without an AWS type (a gateway in between) is classified by its status, as on the Anthropic API', async () => {
  mock.on(() => true, errorReply(429, 'rate_limit_error', 'Slow down.'));
  const error = await failure(1);
  assert.equal(error.reason, 'rate-limited');
  assert.match(
    error.message,
    /^rate limited \(429\) after 1 retry: wait a minute or lower orchestra\.maxConcurrency\. \[request-id req_mock_\d+\]$/,
  );
  assert.equal(mock.requests.length, 2);
});

test('an AWS error type is read however AWS spells it; types Bedrock does not document are not AWS types', () => {
  assert.equal(
    awsErrorType('ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/'),
    'ThrottlingException',
  );
  assert.equal(awsErrorType('com.amazon.coral.service#ExpiredTokenException'), 'ExpiredTokenException');
  assert.equal(awsErrorType('modelStreamErrorException'), 'ModelStreamErrorException');
  assert.equal(awsErrorType('overloaded_error'), undefined);
  assert.equal(awsErrorType('SomethingNewException'), undefined);
  assert.equal(awsErrorType(''), undefined);
  assert.equal(awsErrorType(null), undefined);
});

function planReply(model: string): MockReply {
  return {
    body: {
      id: 'msg_bedrock',
      type: 'message',
      role: 'assistant',
      model,
      content: [
        { type: 'tool_use', id: 'toolu_b', name: 'submit_plan', input: { summary: 'ok', subtasks: [] } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5 },
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
