/** OrchestraErrors across the thread: reason, message and the API details, never the `cause` object. */
import { OrchestraError, toOrchestraError } from '../../core/errors';
import type { WireError } from './protocol';

export function toWireError(error: unknown): WireError {
  const e = toOrchestraError(error);
  const { status, requestId, files } = e.details;
  return {
    reason: e.reason,
    message: e.message,
    ...(status !== undefined ? { status } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(files !== undefined ? { files } : {}),
  };
}

export function fromWireError(wire: WireError): OrchestraError {
  const { reason, message, status, requestId, files } = wire;
  return new OrchestraError(reason, message, { status, requestId, files });
}
