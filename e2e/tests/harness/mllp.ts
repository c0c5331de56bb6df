/**
 * Sends one HL7 v2 message over MLLP (a start block 0x0B, the message, then 0x1C 0x0D) to the
 * server's listener and returns the acknowledgement's text, as a lab's interface engine would.
 */
import { connect } from 'node:net';

const START = '\x0b';
const END = '\x1c\x0d';

export async function sendMllp(port: number, segments: string[]): Promise<string> {
  return await new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('no HL7 acknowledgement within 20 s')); }, 20_000);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${START}${segments.join('\r')}\r${END}`));
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf(END);
      if (end < 0) return;
      clearTimeout(timer);
      socket.end();
      resolve(received.slice(received.indexOf(START) + 1, end));
    });
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}
