/**
 * What the scripted chat model extension (extension.ts) hands the suite from `activate()`: the requests it
 * saw, as plain data, and the script that answers them. Shared by the extension and the tests (type only).
 */

/** One part of a message the model received, as the provider API delivered it. */
export type SeenPart =
  | { kind: 'text'; text: string }
  | { kind: 'call'; callId: string; name: string; input: unknown }
  | { kind: 'result'; callId: string; text: string }
  /** Any other part type (its constructor name), so a test fails on it rather than missing it. */
  | { kind: 'other'; type: string };

export interface SeenMessage {
  role: 'user' | 'assistant' | 'other';
  parts: SeenPart[];
}

export interface SeenRequest {
  /** The model's id as the provider registered it. */
  model: string;
  messages: SeenMessage[];
  /** The offered tools' names, in order. */
  tools: string[];
  toolMode: 'auto' | 'required' | 'other';
}

/** One part the scripted model answers with. */
export type ScriptedPart =
  { text: string } | { call: { callId: string; name: string; input: Record<string, unknown> } };

/** Answers one request; throwing makes the model's response fail with that error. */
export type Script = (request: SeenRequest, index: number) => ScriptedPart[];

export interface ScriptedLmApi {
  /** The provider's vendor and its one model's id and family. */
  readonly vendor: string;
  readonly modelId: string;
  readonly family: string;
  /** Every request since the last reset, in arrival order. */
  readonly requests: readonly SeenRequest[];
  /** Token counts asked of the model since the last reset. */
  readonly tokenCounts: number;
  script(answer: Script): void;
  reset(): void;
}

export const SCRIPTED_LM_EXTENSION_ID = 'orchestra-test.scripted-lm';
