/**
 * The cloud credentials the extension host gets in the suite (scripts/integration/prepare.ts puts them in
 * its environment): fake AWS keys, and a Google credential file the cloud test writes, pointing Google's
 * own credential chain at the loopback mock. A developer's real cloud settings never reach a test run.
 */
export const TEST_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAMOCKINTEGRATION1',
  AWS_SECRET_ACCESS_KEY: 'mock/integration+secret-key-0123456789',
  // Not the region the test sets in VS Code: the setting must win over the environment.
  AWS_REGION: 'us-west-2',
} as const;

/** Where the Vertex test writes the Google credential file (`GOOGLE_APPLICATION_CREDENTIALS`). */
export const ENV_GOOGLE_CREDENTIALS = 'GOOGLE_APPLICATION_CREDENTIALS';

/** Variables that would reach a real cloud account or endpoint: removed from the host's environment. */
export const CLOUD_ENV_DROPPED = [
  'AWS_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_DEFAULT_REGION',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_BEARER_TOKEN_BEDROCK',
  'ANTHROPIC_BEDROCK_BASE_URL',
  'ANTHROPIC_VERTEX_BASE_URL',
  'ANTHROPIC_VERTEX_PROJECT_ID',
  'CLOUD_ML_REGION',
  'GOOGLE_CLOUD_PROJECT',
  ENV_GOOGLE_CREDENTIALS,
] as const;
