/** What a scripted rule answers (its own module so the reply builders and the server share it without a cycle). */
export interface MockOpenAIReply {
  /** HTTP status (default 200). Non-200 replies are always JSON. */
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON (or as SSE chunks when the request streams); a string is sent raw. */
  body?: unknown;
  delayMs?: number;
  /** Never answer; the socket stays open until the client aborts or the mock closes. */
  hang?: boolean;
  /** Send this many SSE chunks and then stall without closing. */
  hangAfterChunks?: number;
  /** Send this many SSE chunks and then destroy the socket. */
  cutStreamAfterChunks?: number;
  /** Streamed tool-call arguments in this many pieces (default 3). */
  argumentPieces?: number;
  /** Send an `{"error": …}` data line after this many chunks (an error inside a 200 stream). */
  streamErrorAfterChunks?: { after: number; error: { message: string; type: string; code?: string } };
}
