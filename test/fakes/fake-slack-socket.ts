import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';

export interface SocketAck {
  envelope_id: string;
  payload?: any;
}

/** The WebSocket side of Slack's Socket Mode, on the fake's own HTTP server (path /link/). */
export interface FakeSocketMode {
  /** True once an app connected and was greeted with `hello`. */
  connected(): boolean;
  /** Sends an envelope (`slash_commands`, `interactive`, `events_api`) and resolves with the app's ack. */
  send(type: 'slash_commands' | 'interactive' | 'events_api', payload: any, timeoutMs?: number): Promise<SocketAck>;
  close(): Promise<void>;
}

/**
 * Speaks Slack's Socket Mode envelope protocol: `hello` on connect, each
 * request wrapped in an envelope with an id, and the app's ack matched by
 * that id (with its response payload, e.g. a modal's field errors).
 */
export function attachFakeSocketMode(server: Server, unexpected: string[]): FakeSocketMode {
  const wss = new WebSocketServer({ server, path: '/link/' });
  const waiting = new Map<string, (ack: SocketAck) => void>();
  let current: WebSocket | null = null;

  wss.on('connection', (ws) => {
    current = ws;
    ws.on('message', (data) => {
      let ack: SocketAck;
      try {
        ack = JSON.parse(data.toString());
      } catch {
        unexpected.push(`socket mode: not JSON: ${data.toString().slice(0, 100)}`);
        return;
      }
      const resolve = waiting.get(ack.envelope_id);
      if (!resolve) {
        unexpected.push(`socket mode: ack for unknown envelope ${ack.envelope_id}`);
        return;
      }
      waiting.delete(ack.envelope_id);
      resolve(ack);
    });
    ws.on('close', () => {
      if (current === ws) current = null;
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0FAKE' } }));
  });

  return {
    connected: () => current?.readyState === WebSocket.OPEN,
    send(type, payload, timeoutMs = 5_000) {
      if (!current) return Promise.reject(new Error('no Socket Mode connection'));
      const envelopeId = randomUUID();
      const acked = new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(envelopeId);
          reject(new Error(`no ack for ${type} envelope within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(envelopeId, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
      });
      current.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
      return acked;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
