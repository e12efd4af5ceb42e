/** Thin JSON-over-HTTP helper: every service call goes through here so errors look the same everywhere. */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export async function fetchJson<T>(url: string, method?: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method: method ?? 'GET', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  if (!response.ok) {
    const detail = await response.text().catch(() => '');
    throw new HttpError(
      response.status,
      url,
      `${init.method} ${url} failed with ${response.status}: ${detail}`,
    );
  }
  return (await response.json()) as T;
}
