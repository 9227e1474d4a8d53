// The renderer's typed client. Works over Electron IPC (window.crm from the preload) or over the
// browser harness (HTTP with the window token) — the UI code does not know which.
import type { ChannelInput, ChannelName, ChannelOutput, Envelope, ErrorCode } from '@contract/index';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { fieldErrors?: Record<string, string>; [k: string]: unknown },
  ) {
    super(message);
    this.name = 'ApiError';
  }
  get fieldErrors(): Record<string, string> {
    return this.details?.fieldErrors ?? {};
  }
}

interface Transport {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  kind: 'electron' | 'harness';
}

declare global {
  interface Window {
    crm?: { invoke(channel: string, input?: unknown): Promise<unknown>; on(event: string, cb: (p: unknown) => void): () => void };
  }
}

function harnessToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('crm.token', fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem('crm.token') ?? '';
}

function harnessTransport(): Transport {
  const token = harnessToken();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let source: EventSource | null = null;
  const ensureStream = () => {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.addEventListener('crm', (e) => {
      const msg = JSON.parse((e as MessageEvent<string>).data) as { event: string; payload: unknown };
      listeners.get(msg.event)?.forEach((l) => l(msg.payload));
    });
  };
  return {
    kind: 'harness',
    async invoke(channel, input) {
      const res = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ channel, input }),
      });
      if (res.status === 401) {
        return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'This preview window has no valid token; open the URL printed by npm run web.' } };
      }
      return (await res.json()) as Envelope<unknown>;
    },
    on(event, listener) {
      ensureStream();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set!.delete(listener);
    },
  };
}

function electronTransport(): Transport {
  const crm = window.crm!;
  return {
    kind: 'electron',
    invoke: (channel, input) => crm.invoke(channel, input) as Promise<Envelope<unknown>>,
    on: (event, listener) => crm.on(event, listener),
  };
}

const transport: Transport = typeof window !== 'undefined' && window.crm ? electronTransport() : harnessTransport();

/** Call a channel; resolves with its value or throws ApiError with the envelope's code and message. */
export async function invoke<C extends ChannelName>(channel: C, ...input: undefined extends ChannelInput<C> ? [ChannelInput<C>?] : [ChannelInput<C>]): Promise<ChannelOutput<C>> {
  let env: Envelope<unknown>;
  try {
    env = await transport.invoke(channel, input[0]);
  } catch (e) {
    throw new ApiError('INTERNAL', `The app did not answer (${(e as Error).message}).`);
  }
  if (env.ok) return env.value as ChannelOutput<C>;
  throw new ApiError(env.error.code, env.error.message, env.error.details as ApiError['details']);
}

/** Subscribe to an event pushed by main (notifications, reminders, progress). Returns unsubscribe. */
export function onEvent(event: string, listener: (payload: unknown) => void): () => void {
  return transport.on(event, listener);
}

export const transportKind = transport.kind;
