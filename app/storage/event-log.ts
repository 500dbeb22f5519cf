import { constants, type Stats } from "node:fs";
import { mkdir, open, readdir, stat, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";

/**
 * Append-only NDJSON event logs, one file per stream (`<dir>/<stream>.ndjson`, one event a line).
 *
 * - Durable: with `fsync: "always"` (the default) an append resolves only after its bytes are on disk.
 *   Appends that arrive while a write is in flight are queued and committed together with one write and
 *   one fsync (group commit), so many agents appending at once cost one disk flush per group, not each.
 *   `fsync: "batch"` resolves after the write and flushes every `batchIntervalMs` and on close: faster,
 *   but a machine crash (not a process crash) may lose the last interval's events.
 * - Idempotent: each stream keeps the ids of its events in memory (built when the stream is first used);
 *   an event whose id is already there is reported as a duplicate and not written again.
 * - Crash-safe: a process killed mid-write leaves at most one torn line at the end. It is moved to a side
 *   file (`<stream>.ndjson.torn-<time>`) and cut from the log when the log opens, so nothing is lost
 *   silently and the server still starts. A damaged line in the middle (a hand edit, a disk fault) is not
 *   deleted: readers skip it and report its line number.
 */
export interface EventLogOptions {
  dir: string;
  fsync?: "always" | "batch";
  /** How often "batch" durability flushes to disk. */
  batchIntervalMs?: number;
  /**
   * Picks the events that open a group (a call's call-started event gives its callId), so `locate` can
   * say which stream holds a group without reading every file again.
   */
  groupKeyOf?: (event: LoggedEvent) => string | undefined;
  /** Told about torn tails set aside and damaged lines found; never given the events' contents. */
  onWarning?: (warning: EventLogWarning) => void;
  /** The clock for side-file names (tests pass a fixed one). */
  now?: () => Date;
}

/** What the log needs from an event: an id. The rest is the caller's (validated before it gets here). */
export interface LoggedEvent {
  eventId: string;
}

export type EventLogWarning =
  | { kind: "torn-tail"; stream: string; bytes: number; sideFile: string }
  | { kind: "corrupt-line"; stream: string; line: number; reason: string };

export interface AppendResult {
  /** The ids written by this append, in order. */
  accepted: string[];
  /** The ids that were already in the stream (or earlier in the same append), not written again. */
  duplicates: string[];
}

export interface CorruptLine {
  line: number;
  reason: string;
}

export interface ScanResult {
  events: number;
  corrupt: CorruptLine[];
}

export interface ReadOptions {
  onCorrupt?: (corrupt: CorruptLine) => void;
}

export class EventLogClosedError extends Error {
  constructor() {
    super("The call event log is closed.");
    this.name = "EventLogClosedError";
  }
}

export class InvalidStreamError extends Error {
  constructor(stream: string) {
    super(
      `“${stream.slice(0, 120)}” is not a call log name: expected pilot-<id>, script-<id> or preview-<id> with letters, digits, - and _.`,
    );
    this.name = "InvalidStreamError";
  }
}

const STREAM_NAME = /^(pilot|script|preview)-[A-Za-z0-9_-]{1,100}$/;
const SUFFIX = ".ndjson";
const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

export function isValidStreamName(stream: string): boolean {
  return STREAM_NAME.test(stream);
}

export async function openEventLog(options: EventLogOptions): Promise<EventLog> {
  const log = new EventLog(options);
  await log.recoverAll();
  return log;
}

interface PendingAppend {
  lines: string[];
  ids: string[];
  /** Group keys this append registered, withdrawn if its write fails. */
  groupKeys: string[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Stream {
  name: string;
  file: string;
  handle: FileHandle;
  ids: Set<string>;
  /** Ids queued but not yet committed, with the commit their duplicates must wait for. */
  inFlight: Map<string, Promise<void>>;
  /** Bytes fully written: readers stop here, so they never see half a line being written. */
  size: number;
  queue: PendingAppend[];
  writing: Promise<void> | undefined;
  dirty: boolean;
  corrupt: CorruptLine[];
}

export class EventLog {
  readonly dir: string;
  private readonly durability: "always" | "batch";
  private readonly options: EventLogOptions;
  private readonly streams = new Map<string, Promise<Stream>>();
  private readonly groups = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private allOpened: Promise<void> | undefined;

  constructor(options: EventLogOptions) {
    this.options = options;
    this.dir = path.resolve(options.dir);
    this.durability = options.fsync ?? "always";
    if (this.durability === "batch") {
      this.timer = setInterval(() => void this.flushDirty(), options.batchIntervalMs ?? 100);
      this.timer.unref();
    }
  }

  /** Sets aside torn tails in every stream (run once on open, before the server takes requests). */
  async recoverAll(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const stream of await this.listStreams()) await this.recoverTail(stream);
  }

  /** The streams that have a log file. */
  async listStreams(): Promise<string[]> {
    const names = await readdir(this.dir).catch((error: unknown) => {
      if (isErrno(error, "ENOENT")) return [];
      throw error;
    });
    return names
      .filter((n) => n.endsWith(SUFFIX))
      .map((n) => n.slice(0, -SUFFIX.length))
      .filter(isValidStreamName)
      .sort();
  }

  /**
   * Appends events to a stream; resolves once they are durable (as configured). Events already in the
   * stream are not written again and come back as duplicates. An empty result for an empty list.
   */
  async append(stream: string, events: readonly LoggedEvent[]): Promise<AppendResult> {
    const s = await this.stream(stream);
    // close() may have run while the stream was being opened.
    this.assertOpen();
    const accepted: string[] = [];
    const duplicates: string[] = [];
    const lines: string[] = [];
    const waits = new Set<Promise<void>>();
    const batchIds = new Set<string>();
    // Synchronous from here to the queue push: two appends of one id can never both be accepted.
    for (const event of events) {
      const id = event.eventId;
      const pending = s.inFlight.get(id);
      if (s.ids.has(id) || batchIds.has(id) || pending) {
        duplicates.push(id);
        if (pending) waits.add(pending);
        continue;
      }
      batchIds.add(id);
      accepted.push(id);
      lines.push(JSON.stringify(event));
    }
    if (lines.length > 0) {
      const groupKeys = this.observe(stream, events, batchIds);
      const committed = new Promise<void>((resolve, reject) => {
        s.queue.push({ lines, ids: accepted, groupKeys, resolve, reject });
      });
      for (const id of accepted) s.inFlight.set(id, committed);
      waits.add(committed);
      s.writing ??= this.drain(s);
    }
    // A duplicate of an event still being written is only "recorded" once that write succeeds.
    await Promise.all(waits);
    return { accepted, duplicates };
  }

  /** Whether the stream holds an event with this id. */
  async has(stream: string, eventId: string): Promise<boolean> {
    const s = await this.stream(stream);
    return s.ids.has(eventId);
  }

  /** The stream holding a group (see `groupKeyOf`), opening every stream the first time it is asked. */
  async locate(groupKey: string): Promise<string | undefined> {
    this.allOpened ??= (async () => {
      for (const stream of await this.listStreams()) await this.stream(stream);
    })();
    await this.allOpened;
    return this.groups.get(groupKey);
  }

  /** Damaged lines found in the middle of a stream when it was opened. */
  async corruptLines(stream: string): Promise<CorruptLine[]> {
    return [...(await this.stream(stream)).corrupt];
  }

  /**
   * Reads every event of a stream in order, calling `onEvent` for each. Damaged lines are skipped and
   * reported. The fast path for analysis: large chunked reads, one decode per chunk, no per-event promise.
   */
  async scan(
    stream: string,
    onEvent: (event: unknown, line: number) => void,
    { onCorrupt, contains }: ReadOptions & { contains?: string } = {},
  ): Promise<ScanResult> {
    const s = await this.readable(stream);
    const result: ScanResult = { events: 0, corrupt: [] };
    if (!s) return result;
    await readLines(s.file, s.size, (text, line) => {
      if (contains !== undefined && !text.includes(contains)) return;
      const parsed = parseLine(text);
      if (parsed.ok) {
        result.events++;
        onEvent(parsed.value, line);
      } else {
        const corrupt = { line, reason: parsed.reason };
        result.corrupt.push(corrupt);
        onCorrupt?.(corrupt);
      }
    });
    return result;
  }

  /** Every event of a stream in order, as an async iterator (damaged lines skipped and reported). */
  async *readEvents(stream: string, { onCorrupt }: ReadOptions = {}): AsyncGenerator<unknown> {
    const s = await this.readable(stream);
    if (!s) return;
    const handle = await open(s.file, "r");
    try {
      const batch: unknown[] = [];
      for await (const lines of chunkedLines(handle, s.size)) {
        for (const { text, line } of lines) {
          const parsed = parseLine(text);
          if (parsed.ok) batch.push(parsed.value);
          else onCorrupt?.({ line, reason: parsed.reason });
        }
        yield* batch;
        batch.length = 0;
      }
    } finally {
      await handle.close();
    }
  }

  /** Removes a stream's log (after its pending writes). Used to clear a script's preview calls. */
  async deleteStream(stream: string): Promise<boolean> {
    if (!isValidStreamName(stream)) throw new InvalidStreamError(stream);
    this.assertOpen();
    const opened = this.streams.get(stream);
    if (opened) {
      const s = await opened;
      this.streams.delete(stream);
      await s.writing;
      await s.handle.close();
      for (const [key, value] of this.groups) if (value === stream) this.groups.delete(key);
    }
    try {
      await unlink(this.fileOf(stream));
    } catch (error) {
      if (isErrno(error, "ENOENT")) return false;
      throw error;
    }
    await this.syncDir();
    return true;
  }

  /** Waits for pending writes, flushes and closes every file. Later calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    const streams = await Promise.allSettled(this.streams.values());
    for (const result of streams) {
      if (result.status !== "fulfilled") continue;
      const s = result.value;
      await s.writing?.catch(() => undefined);
      if (s.dirty) await s.handle.datasync().catch(() => undefined);
      await s.handle.close();
    }
    this.streams.clear();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventLogClosedError();
  }

  private fileOf(stream: string): string {
    return path.join(this.dir, `${stream}${SUFFIX}`);
  }

  private stream(name: string): Promise<Stream> {
    if (!isValidStreamName(name)) return Promise.reject(new InvalidStreamError(name));
    if (this.closed) return Promise.reject(new EventLogClosedError());
    let opened = this.streams.get(name);
    if (!opened) {
      opened = this.openStream(name);
      this.streams.set(name, opened);
      // A failed open (disk error) must not stay cached: the next call tries again.
      opened.catch(() => this.streams.delete(name));
    }
    return opened;
  }

  /**
   * What a reader may read: the file and its committed size. A stream not opened for writing is read as it
   * is on disk (its torn tail was set aside on open), without building its id index.
   */
  private async readable(name: string): Promise<{ file: string; size: number } | undefined> {
    if (!isValidStreamName(name)) throw new InvalidStreamError(name);
    this.assertOpen();
    const opened = this.streams.get(name);
    if (opened) {
      const s = await opened;
      return { file: s.file, size: s.size };
    }
    try {
      const file = this.fileOf(name);
      return { file, size: (await stat(file)).size };
    } catch (error) {
      if (isErrno(error, "ENOENT")) return undefined;
      throw error;
    }
  }

  private async openStream(name: string): Promise<Stream> {
    const file = this.fileOf(name);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.recoverTail(name);
    const created = !(await exists(file));
    const handle = await open(file, constants.O_APPEND | constants.O_CREAT | constants.O_RDWR, 0o600);
    if (created) await this.syncDir();
    const s: Stream = {
      name,
      file,
      handle,
      ids: new Set(),
      inFlight: new Map(),
      size: 0,
      queue: [],
      writing: undefined,
      dirty: false,
      corrupt: [],
    };
    try {
      s.size = (await handle.stat()).size;
      await readLines(file, s.size, (text, line) => {
        const parsed = parseLine(text);
        const id = parsed.ok ? eventIdOf(parsed.value) : undefined;
        if (id === undefined) {
          const corrupt = { line, reason: parsed.ok ? "has no eventId" : parsed.reason };
          s.corrupt.push(corrupt);
          this.options.onWarning?.({ kind: "corrupt-line", stream: name, ...corrupt });
          return;
        }
        s.ids.add(id);
        this.observeOne(name, parsed.ok ? parsed.value : undefined);
      });
    } catch (error) {
      await handle.close();
      throw error;
    }
    return s;
  }

  /**
   * Moves a torn tail aside: bytes after the last newline (a write cut short), or a last line that does not
   * parse (a crash can leave zeros where the write's data should be).
   */
  private async recoverTail(name: string): Promise<void> {
    const file = this.fileOf(name);
    let info: Stats;
    try {
      info = await stat(file);
    } catch (error) {
      if (isErrno(error, "ENOENT")) return;
      throw error;
    }
    if (info.size === 0) return;
    const handle = await open(file, "r+");
    try {
      let cut = await lastNewlineBefore(handle, info.size);
      if (cut === info.size) {
        // Ends with a newline: check the last complete line still parses.
        const start = await lastNewlineBefore(handle, info.size - 1);
        const last = await readRange(handle, start, info.size - 1);
        if (parseLine(last.toString("utf8")).ok) return;
        cut = start;
      }
      const torn = await readRange(handle, cut, info.size);
      const { sideFile, side } = await createSideFile(
        `${file}.torn-${stamp((this.options.now ?? (() => new Date()))())}`,
      );
      try {
        await side.writeFile(torn);
        await side.sync();
      } finally {
        await side.close();
      }
      await handle.truncate(cut);
      await handle.sync();
      await this.syncDir();
      this.options.onWarning?.({ kind: "torn-tail", stream: name, bytes: torn.length, sideFile });
    } finally {
      await handle.close();
    }
  }

  private async drain(s: Stream): Promise<void> {
    try {
      while (s.queue.length > 0) {
        const group = s.queue.splice(0, s.queue.length);
        const text = group.map((p) => p.lines.join("\n")).join("\n") + "\n";
        try {
          const bytes = Buffer.from(text, "utf8");
          await writeAll(s.handle, bytes);
          if (this.durability === "always") await s.handle.datasync();
          else s.dirty = true;
          s.size += bytes.length;
          for (const p of group) for (const id of p.ids) s.ids.add(id);
          for (const p of group) p.resolve();
        } catch (error) {
          // Nothing of this group is acknowledged; the ids may be sent again. A partial write is cut away so
          // the next append does not continue a torn line.
          await s.handle.truncate(s.size).catch(() => undefined);
          for (const p of group) for (const key of p.groupKeys) this.groups.delete(key);
          for (const p of group) p.reject(error);
        } finally {
          for (const p of group) for (const id of p.ids) s.inFlight.delete(id);
        }
      }
    } finally {
      s.writing = undefined;
    }
  }

  private async flushDirty(): Promise<void> {
    for (const opened of this.streams.values()) {
      const s = await opened.catch(() => undefined);
      if (!s?.dirty) continue;
      s.dirty = false;
      await s.handle.datasync().catch(() => {
        s.dirty = true;
      });
    }
  }

  /** Registers the groups the accepted events open; returns the keys that were new. */
  private observe(stream: string, events: readonly LoggedEvent[], accepted: Set<string>): string[] {
    const added: string[] = [];
    if (!this.options.groupKeyOf) return added;
    for (const event of events) {
      if (!accepted.has(event.eventId)) continue;
      const key = this.observeOne(stream, event);
      if (key !== undefined) added.push(key);
    }
    return added;
  }

  private observeOne(stream: string, event: unknown): string | undefined {
    const keyOf = this.options.groupKeyOf;
    if (!keyOf || !isLoggedEvent(event)) return undefined;
    const key = keyOf(event);
    if (key === undefined || this.groups.has(key)) return undefined;
    this.groups.set(key, stream);
    return key;
  }

  private async syncDir(): Promise<void> {
    // The new (or removed) directory entry must be durable too, or a crash can lose a whole new log.
    const handle = await open(this.dir, "r");
    try {
      await handle.sync();
    } catch (error) {
      // Some filesystems refuse fsync on a directory; the data itself is still synced.
      if (!isErrno(error, "EINVAL") && !isErrno(error, "EISDIR")) throw error;
    } finally {
      await handle.close();
    }
  }
}

type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

function parseLine(text: string): Parsed {
  if (text.length === 0) return { ok: false, reason: "is empty" };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: "is not valid JSON" };
  }
}

function isLoggedEvent(value: unknown): value is LoggedEvent {
  return (
    typeof value === "object" && value !== null && "eventId" in value && typeof value.eventId === "string"
  );
}

function eventIdOf(value: unknown): string | undefined {
  return isLoggedEvent(value) && value.eventId.length > 0 ? value.eventId : undefined;
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/**
 * Calls `onLine` for each complete line in the first `size` bytes of a file, with 1-based line numbers.
 * Reads 1 MB chunks and decodes each chunk's complete lines with one toString: a newline byte never occurs
 * inside a multi-byte UTF-8 character, so cutting at the last newline never splits a character.
 */
async function readLines(
  file: string,
  size: number,
  onLine: (text: string, line: number) => void,
): Promise<void> {
  if (size === 0) return;
  const handle = await open(file, "r");
  try {
    for await (const lines of chunkedLines(handle, size)) {
      for (const { text, line } of lines) onLine(text, line);
    }
  } finally {
    await handle.close();
  }
}

async function* chunkedLines(
  handle: FileHandle,
  size: number,
): AsyncGenerator<{ text: string; line: number }[]> {
  let buffer = Buffer.allocUnsafe(CHUNK);
  let carried = 0;
  let position = 0;
  let line = 0;
  while (position < size) {
    if (carried === buffer.length) {
      // One line longer than the buffer: grow rather than split it.
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, carried);
      buffer = bigger;
    }
    const want = Math.min(buffer.length - carried, size - position);
    const { bytesRead } = await handle.read(buffer, carried, want, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const filled = carried + bytesRead;
    const end = buffer.lastIndexOf(NEWLINE, filled - 1);
    if (end < 0) {
      carried = filled;
      continue;
    }
    const text = buffer.toString("utf8", 0, end);
    const lines: { text: string; line: number }[] = [];
    let start = 0;
    for (;;) {
      const next = text.indexOf("\n", start);
      const stop = next < 0 ? text.length : next;
      lines.push({ text: text.slice(start, stop), line: ++line });
      if (next < 0) break;
      start = next + 1;
    }
    carried = filled - end - 1;
    buffer.copy(buffer, 0, end + 1, filled);
    yield lines;
  }
  // Bytes after the last newline are a line being written (readers stop at the committed size, so this
  // only happens if the file was changed behind the log's back): not an event yet, so not reported.
}

/** The offset just after the last newline before `end` (0 when there is none). */
async function lastNewlineBefore(handle: FileHandle, end: number): Promise<number> {
  const block = Buffer.allocUnsafe(64 * 1024);
  let stop = end;
  while (stop > 0) {
    const start = Math.max(0, stop - block.length);
    const { bytesRead } = await handle.read(block, 0, stop - start, start);
    const at = block.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (at >= 0) return start + at + 1;
    stop = start;
  }
  return 0;
}

async function readRange(handle: FileHandle, start: number, end: number): Promise<Buffer> {
  const bytes = Buffer.alloc(end - start);
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesRead } = await handle.read(bytes, offset, bytes.length - offset, start + offset);
    if (bytesRead === 0) break;
    offset += bytesRead;
  }
  return bytes.subarray(0, offset);
}

/** A new side file; a second tear in the same second gets -2, -3… rather than overwriting the first. */
async function createSideFile(base: string): Promise<{ sideFile: string; side: FileHandle }> {
  for (let n = 1; ; n++) {
    const sideFile = n === 1 ? base : `${base}-${n}`;
    try {
      return { sideFile, side: await open(sideFile, "wx", 0o600) };
    } catch (error) {
      if (!isErrno(error, "EEXIST")) throw error;
    }
  }
}

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (isErrno(error, "ENOENT")) return false;
    throw error;
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && "code" in error && error.code === code;
}
