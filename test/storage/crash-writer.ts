// Child process for the crash test: appends events to one stream as fast as it can, with fsync, and prints
// each event id once its append has resolved ("acked"). The test kills it with SIGKILL mid-stream.
// Relative import: this runs under plain tsx, without the app's "~" alias.
import { openEventLog } from "../../app/storage/event-log";

const [dir, producersArg = "1", padArg = "200"] = process.argv.slice(2);
if (!dir) throw new Error("usage: crash-writer <dir> [producers] [pad bytes]");
const log = await openEventLog({ dir, fsync: "always" });
const pad = "x".repeat(Number(padArg));
let next = 0;

async function produce(producer: number): Promise<never> {
  for (;;) {
    const eventId = `${process.pid}-${producer}-${next++}`;
    const event = { eventId, callId: `call-${producer}`, pad };
    await log.append("pilot-crash", [event]);
    // Linux writes to a pipe synchronously, so a printed id reached the parent before the next append.
    process.stdout.write(`acked ${eventId}\n`);
  }
}

process.stdout.write("ready\n");
await Promise.all(Array.from({ length: Number(producersArg) }, (_, i) => produce(i)));
