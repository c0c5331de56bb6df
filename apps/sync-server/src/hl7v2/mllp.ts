/**
 * MLLP framing (HL7 v2 Minimal Lower Layer Protocol, HL7 v2.5.1 Appendix C.4: <VT> message <FS><CR>)
 * over plain TCP, for the listener and for sending orders out. Parsing and building the messages is
 * node-hl7-client's; only the framing is here, because node-hl7-server 2.5.0 keeps the previous
 * message in its receive buffer (a second message on one connection is parsed together with the
 * first) and answers nothing at all when MSH does not parse, which would leave the sender waiting and
 * the message unaccounted for. Each frame is answered in order on its connection.
 */
import net from 'node:net';

export const MLLP_START = '\x0b';
export const MLLP_END = '\x1c\x0d';
/** A frame larger than this closes the connection (a sender that never ends its frame). */
const MAX_FRAME_CHARS = 4 * 1024 * 1024;

export const frame = (text: string): string => `${MLLP_START}${text}${MLLP_END}`;

/** Splits complete frames off `buffer`; returns them and what is left. Bytes before <VT> are dropped. */
export function takeFrames(buffer: string): { frames: string[]; rest: string } {
  const frames: string[] = [];
  let rest = buffer;
  for (;;) {
    const end = rest.indexOf(MLLP_END);
    if (end < 0) break;
    const chunk = rest.slice(0, end);
    const start = chunk.lastIndexOf(MLLP_START);
    frames.push(start < 0 ? chunk : chunk.slice(start + 1));
    rest = rest.slice(end + MLLP_END.length);
  }
  return { frames, rest };
}

export interface MllpListener {
  port: number;
  close(): Promise<void>;
}

/** Listens on host:port; `onMessage` answers each frame with the ACK text (it must not throw). */
export async function startMllpListener(o: { host: string; port: number; onMessage: (text: string) => Promise<string> }): Promise<MllpListener> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    let buffer = '';
    // One message at a time per connection, so ACKs leave in the order the messages came.
    let queue: Promise<void> = Promise.resolve();
    socket.on('data', (data: string) => {
      buffer += data;
      if (buffer.length > MAX_FRAME_CHARS) {
        socket.destroy();
        return;
      }
      const { frames, rest } = takeFrames(buffer);
      buffer = rest;
      for (const text of frames) {
        queue = queue.then(async () => {
          const ack = await o.onMessage(text);
          if (!socket.destroyed) socket.write(frame(ack));
        });
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: o.port, host: o.host }, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : o.port;
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A connection that sends frames and reads the answers in order (orders out, tests). */
export class MllpConnection {
  private buffer = '';
  private waiting: { resolve: (t: string) => void; reject: (e: Error) => void }[] = [];
  private readonly answers: string[] = [];

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      const { frames, rest } = takeFrames(this.buffer + d);
      this.buffer = rest;
      for (const f of frames) {
        const w = this.waiting.shift();
        if (w === undefined) this.answers.push(f);
        else w.resolve(f);
      }
    });
    const fail = (e: Error) => {
      for (const w of this.waiting.splice(0)) w.reject(e);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static open(host: string, port: number, timeoutMs = 5000): Promise<MllpConnection> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host, port });
      const t = setTimeout(() => {
        s.destroy();
        reject(new Error('connect timed out'));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(t);
        resolve(new MllpConnection(s));
      });
      s.once('error', (e) => {
        clearTimeout(t);
        reject(e);
      });
    });
  }

  /** Sends raw bytes as they are (tests of broken framing use this). */
  writeRaw(data: string): void {
    this.socket.write(data);
  }

  /** Sends one message and waits for its answer. */
  send(text: string, timeoutMs = 10_000): Promise<string> {
    this.socket.write(frame(text));
    return this.next(timeoutMs);
  }

  next(timeoutMs = 10_000): Promise<string> {
    const ready = this.answers.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const entry = {
        resolve: (t: string) => {
          clearTimeout(timer);
          resolve(t);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== entry);
        reject(new Error('no answer in time'));
      }, timeoutMs);
      this.waiting.push(entry);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
