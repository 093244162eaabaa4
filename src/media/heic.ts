import { open, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppealError } from '../common/errors.js';
import { sniff } from './sniff.js';

/**
 * iPhone photos (HEIC = HEVC stills in a HEIF box). sharp's prebuilt libvips
 * reads HEIF containers but has no HEVC decoder, so the pixels come from
 * heic-decode (libheif + libde265 compiled to wasm) and go to sharp as raw RGBA.
 */

export interface DecodedHeic {
  /** RGBA, 8 bits per channel, rotation/mirroring of the container already applied by libheif. */
  data: Buffer;
  width: number;
  height: number;
  channels: 4;
}

/**
 * True when the first bytes are an ISO-BMFF `ftyp` box naming an HEVC image brand, or the
 * generic HEIF one. AVIF (AV1 in the same container) is excluded: sharp decodes it natively.
 * The brand table is the sniffer's: one place decides what a file is.
 */
export function looksLikeHeic(head: Buffer): boolean {
  const { format } = sniff(head);
  return format === 'heic' || format === 'heif';
}

/** Reads the first bytes of a file (enough for the ftyp box). */
export async function readHead(file: string, length = 64): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * libheif's wasm decode is synchronous and slow (seconds for a 12 MP iPhone photo), so it
 * runs in a worker thread: the event loop stays free (progress, ffmpeg, other photos) and
 * two photos decode on two cores. The worker is plain JS (eval) so it runs the same from
 * src under vitest and from dist. libheif-js reports errors with console.log; the worker
 * collects those lines and sends them back as the error's cause instead of printing them.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const said = [];
const text = (a) => { try { return typeof a === 'object' && a !== null ? JSON.stringify(a) : String(a); } catch { return String(a); } };
console.log = console.warn = console.error = (...args) => { said.push(args.map(text).join(' ')); };
(async () => {
  try {
    const decode = require(workerData.modulePath);
    const { width, height, data } = await decode({ buffer: new Uint8Array(workerData.buffer) });
    parentPort.postMessage({ width, height, data }, [data.buffer]);
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error), said });
  }
})();
`;

interface WorkerReply {
  width?: number;
  height?: number;
  data?: Uint8ClampedArray;
  error?: string;
  said?: string[];
}

function decodeInWorker(buffer: Buffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const modulePath = createRequire(import.meta.url).resolve('heic-decode');
  // A copy the worker owns: the file buffer may be a slice of Node's shared pool.
  const owned = new Uint8Array(buffer).buffer;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath, buffer: owned }, transferList: [owned] });
    let settled = false;
    worker.once('message', (reply: WorkerReply) => {
      settled = true;
      void worker.terminate();
      if (reply.error !== undefined || !reply.data || !reply.width || !reply.height) {
        reject(new Error([reply.error ?? 'no image', ...(reply.said ?? [])].join('; ')));
      } else {
        resolve({ width: reply.width, height: reply.height, data: reply.data });
      }
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`HEIC decoder stopped (exit code ${code})`));
    });
  });
}

/**
 * Decodes the primary image of a HEIC/HEIF file to RGBA.
 * A file that is not HEIC, or that libheif cannot decode, is the seller's to fix:
 * AppealError naming the file and suggesting a JPEG export.
 */
export async function decodeHeic(file: string, shownAs: string = basename(file)): Promise<DecodedHeic> {
  const buffer = await readFile(file);
  if (!looksLikeHeic(buffer.subarray(0, 64))) {
    throw new AppealError('is not a HEIC photo.', { file: shownAs, hint: 'Export it from Photos as JPEG and use that file.' });
  }
  let decoded: { width: number; height: number; data: Uint8ClampedArray };
  try {
    decoded = await decodeInWorker(buffer);
  } catch (cause) {
    throw new AppealError('this HEIC photo could not be decoded (damaged or an unsupported HEIC variant).', {
      file: shownAs,
      hint: 'Open it on the phone and share/export it as JPEG ("Most Compatible" in Settings > Camera > Formats), then use that file.',
      cause,
    });
  }
  const { width, height, data } = decoded;
  if (!width || !height || data.length !== width * height * 4) {
    throw new AppealError('this HEIC photo decoded to an empty or incomplete image.', {
      file: shownAs,
      hint: 'Export it from Photos as JPEG and use that file.',
    });
  }
  return { data: Buffer.from(data.buffer, data.byteOffset, data.byteLength), width, height, channels: 4 };
}
