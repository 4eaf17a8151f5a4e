/**
 * The zip half of an inspection-pack build, in a worker thread (build.ts starts it with a small
 * heap limit). Every attachment's read stream, CRC transform and archiver's records live and die
 * here, so the garbage they leave is bounded by this thread's heap and does not swell the
 * server's. It reads no database and knows no module: it gets batches of entries (a file to
 * stream, or the bytes of a generated file), appends them in order, one open at a time, and
 * answers each batch with the files it did not find.
 *
 * Messages in:  { type: 'batch', items: [{ name, file?: string, data?: Uint8Array, date?: number, store }] } | { type: 'finish' }
 * Messages out: { type: 'batch', missing: number[] } | { type: 'finished' } | { type: 'error', at: number | null, message, code }
 * Plain JavaScript so it starts the same under tsx, vitest and node alike.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import archiver from 'archiver';

const { outFile, level } = workerData;
const archive = archiver('zip', { zlib: { level } });

// At the end archiver writes the central directory: about seventeen small writes per entry, all
// at once, each a Buffer queued in the stream until the file takes it (some 20 MB of heap per
// 5,000 entries). Collected into one write per entry, the same bytes cost a tenth of that.
// (archiver's zip module, internal: if a later version renames it, this is skipped and only costs memory.)
const zipModule = archive._module?.engine;
const writeHeader = zipModule?._writeCentralFileHeader;
if (typeof writeHeader === 'function') {
  zipModule._writeCentralFileHeader = function (ae) {
    const parts = [];
    const write = this.write;
    this.write = (chunk) => {
      parts.push(chunk);
      return true;
    };
    try {
      writeHeader.call(this, ae);
    } finally {
      this.write = write;
    }
    this.write(Buffer.concat(parts));
  };
}
const out = fs.createWriteStream(outFile);
let failure = null;
archive.on('error', (e) => (failure ??= e));
archive.on('warning', (e) => (failure ??= e));
const closed = new Promise((resolve, reject) => {
  out.on('close', resolve);
  out.on('error', (e) => {
    failure ??= e;
    reject(e);
  });
});
closed.catch(() => {});
archive.pipe(out);

/** Appends one entry and resolves once it is in the zip, so at most one source is open at a time. */
const append = (source, data) =>
  new Promise((resolve, reject) => {
    if (failure) return reject(failure);
    const onEntry = () => {
      cleanup();
      resolve();
    };
    const onError = (e) => {
      cleanup();
      reject(e);
    };
    const cleanup = () => {
      archive.off('entry', onEntry);
      archive.off('error', onError);
      out.off('error', onError);
    };
    archive.on('entry', onEntry);
    archive.on('error', onError);
    out.on('error', onError);
    // A file that fails to read (EIO …) fails this entry; archiver would leave its error unhandled.
    if (typeof source.on === 'function') source.on('error', (e) => {
      failure ??= e;
      onError(e);
    });
    archive.append(source, data);
  });

async function isFile(file) {
  try {
    return (await fs.promises.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Messages are handled one after another, in order; after an error nothing more is written (the caller ends this thread). */
let chain = Promise.resolve();
let stopped = false;
parentPort.on('message', (msg) => {
  chain = chain.then(() => (stopped ? undefined : handle(msg)));
});

async function handle(msg) {
  let at = null;
  try {
    if (msg.type === 'batch') {
      const missing = [];
      for (let i = 0; i < msg.items.length; i++) {
        at = i;
        const it = msg.items[i];
        const data = { name: it.name, store: it.store, ...(it.date === undefined ? {} : { date: new Date(it.date) }) };
        if (it.data) await append(Buffer.from(it.data.buffer, it.data.byteOffset, it.data.byteLength), data);
        else if (await isFile(it.file)) await append(fs.createReadStream(it.file), data);
        else missing.push(i);
      }
      parentPort.postMessage({ type: 'batch', missing });
    } else if (msg.type === 'finish') {
      at = null;
      await archive.finalize();
      await closed;
      if (failure) throw failure;
      parentPort.postMessage({ type: 'finished' });
    }
  } catch (err) {
    stopped = true;
    parentPort.postMessage({ type: 'error', at, message: String(err?.message ?? err), code: err?.code ?? null });
  }
}
