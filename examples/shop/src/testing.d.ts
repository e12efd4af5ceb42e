/**
 * Minimal declarations for the Node built-ins the tests use, so the example type-checks with no
 * dependencies (no @types/node). Run the tests with `node --import tsx --test src/**\/*.test.ts`.
 */
declare module 'node:test' {
  export function test(name: string, fn: () => void | Promise<void>): Promise<void>;
  export function describe(name: string, fn: () => void): void;
}

declare module 'node:assert/strict' {
  function assert(value: unknown, message?: string): asserts value;
  namespace assert {
    function equal<T>(actual: unknown, expected: T, message?: string): asserts actual is T;
    function deepEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T;
    function throws(fn: () => unknown, expected?: RegExp, message?: string): void;
    function rejects(promise: Promise<unknown>, expected?: RegExp, message?: string): Promise<void>;
  }
  export default assert;
}
