/** The part of archiver 7 the inspection pack uses (the package ships no types). */
declare module 'archiver' {
  import type { Readable, Transform } from 'node:stream';

  interface EntryData {
    name: string;
    date?: Date;
    /** Store without compressing (for content that is already compressed: images, Office files, zips). */
    store?: boolean;
  }

  interface Archiver extends Transform {
    append(source: Readable | Buffer | string, data: EntryData): this;
    finalize(): Promise<void>;
    abort(): this;
    pointer(): number;
    on(event: 'entry', listener: (entry: EntryData) => void): this;
    on(event: 'warning' | 'error', listener: (err: Error & { code?: string }) => void): this;
    on(event: string, listener: (...args: any[]) => void): this;
    once(event: 'entry', listener: (entry: EntryData) => void): this;
    once(event: string, listener: (...args: any[]) => void): this;
    off(event: string, listener: (...args: any[]) => void): this;
  }

  interface ArchiverOptions {
    zlib?: { level?: number };
    forceZip64?: boolean;
    comment?: string;
  }

  function archiver(format: 'zip', options?: ArchiverOptions): Archiver;
  export default archiver;
}
