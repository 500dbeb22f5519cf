import { randomBytes, randomInt } from "node:crypto";
import type { CountryCode } from "libphonenumber-js/max";
import { isPhoneRegion } from "~/domain/pilots/import/phone";
import type { CallEvent } from "~/domain/calls/call-types";
import { DomainError, isDomainError } from "~/domain/domain-error";
import { assignContacts, balanceTable, type BalanceTable } from "~/domain/pilots/assignment";
import { summarizeCall, type CallSummary } from "~/domain/pilots/call-summary";
import { buildContactList, summarizeList } from "~/domain/pilots/contact-list";
import {
  guessMapping,
  pilotMergeFields,
  type ColumnMapping,
  type MergeFieldSpec,
} from "~/domain/pilots/import/column-mapping";
import { importContacts } from "~/domain/pilots/import/contact-import";
import { importDoNotCall } from "~/domain/pilots/import/do-not-call";
import type { RejectedRow } from "~/domain/pilots/import/import-failure";
import { importResults } from "~/domain/pilots/import/results";
import { mergePreview, sampleContacts, type VariantMergePreview } from "~/domain/pilots/merge-preview";
import { assertPilotSetup } from "~/domain/pilots/pilot-setup";
import {
  canChangeAssignment,
  declareWinner as declareWinnerRule,
  markPersonalDataDeleted,
  transitionPilot,
  type PilotAction,
} from "~/domain/pilots/pilot-lifecycle";
import type {
  Contact,
  ContactList,
  Costs,
  EarlyRejection,
  Pilot,
  StratumAttribute,
  Variant,
} from "~/domain/pilots/pilot-types";
import {
  createPilotAggregator,
  type PilotAggregator,
  type PilotReport,
} from "~/domain/pilots/report/pilot-aggregator";
import {
  openingEndsOf,
  pilotAnalysisConfig,
  type PilotAnalysisConfig,
} from "~/domain/pilots/report/pilot-analysis-config";
import { nodeDisplayName } from "~/domain/node-summary";
import type { MergeValues } from "~/domain/run/merge-values";
import type { Script } from "~/domain/script-types";
import type { Role } from "~/domain/users/roles";
import { ConflictError, NotFoundError, type StorageAdapter } from "~/storage/storage-adapter";
import { getAppContext, type AppContext } from "./app-context.server";
import { recordAudit } from "./audit.server";
import { getCallRecord, listCalls } from "./calls.server";
import { onPilotEvents } from "./pilot-call-gate.server";
import { loadPilot, parseContactList, parsePilot } from "./pilot-documents.server";
import { deletePilotFile, readPilotFile, withPilotLock, writePilotFile } from "./pilot-files.server";
import { actOnVersion, getReleasableVersion, parseVersion, type ScriptVersion } from "./versions.server";

/**
 * Pilots: set-up from approved versions, the sample list (kept in `<data dir>/pilots/<id>/`, never in the
 * lowdb document or a log), start/pause/resume/stop, serving contacts to agents, dialer results, the live
 * report and the decision. Statistics, import parsing and assignment are the pure domain's; this module
 * only orchestrates storage around them.
 */

export type { Pilot, PilotReport };

/** Whoever acts: the signed-in user (requireUser's result) is enough. */
export interface PilotActor {
  id: string;
  username?: string;
  roles: readonly Role[];
}

/** Variant ids by position: the first variant is A (the control unless said otherwise), then B, C, D. */
export const VARIANT_IDS = ["A", "B", "C", "D"] as const;

export interface NewPilotInput {
  name: string;
  description?: string;
  /** 2 to 4 approved versions, by id, in order (A, B, …). */
  variants: { versionId: string; label?: string; weight?: number }[];
  /** Index of the control in `variants` (default 0). */
  control?: number;
  plannedSampleSize: number;
  earlyRejection: EarlyRejection;
  successOutcomes?: string[];
  costs?: Costs;
  minimumCallsPerVariant?: number;
  smallestChangeWorthDetecting?: number;
  alpha?: number;
  strata?: StratumAttribute[];
  seed?: number;
}

// ---- Reading ---------------------------------------------------------------------------------------------

export async function listPilots(): Promise<Pilot[]> {
  const { storage } = await getAppContext();
  const pilots = (await storage.list("pilots")).map(parsePilot);
  return pilots.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The pilot, or a NotFoundError (404) naming it. */
export async function getPilot(pilotId: string): Promise<Pilot> {
  const { storage } = await getAppContext();
  return loadPilot(storage, pilotId);
}

/** The frozen version behind each variant, by variant id. Versions never change once written. */
export async function pilotVersions(pilot: Pilot): Promise<Record<string, ScriptVersion>> {
  const { storage } = await getAppContext();
  const out: Record<string, ScriptVersion> = {};
  for (const variant of pilot.variants) {
    const doc = await storage.get("versions", variant.versionId);
    if (!doc) {
      throw new NotFoundError(
        "versions",
        variant.versionId,
        `The version behind variant “${variant.label}” (${variant.versionId}) no longer exists.`,
      );
    }
    out[variant.id] = parseVersion(doc);
  }
  return out;
}

async function pilotScripts(pilot: Pilot): Promise<Record<string, Script>> {
  const versions = await pilotVersions(pilot);
  return Object.fromEntries(Object.entries(versions).map(([id, v]) => [id, v.script]));
}

/** Every merge field the variants' scripts read, for the column mapping. */
export async function pilotFields(pilot: Pilot): Promise<MergeFieldSpec[]> {
  return pilotMergeFields(Object.values(await pilotScripts(pilot)));
}

// ---- Set-up ----------------------------------------------------------------------------------------------

/** An approved version a pilot can use, with the steps the set-up form offers as checkpoint and success. */
export interface PilotCandidate {
  versionId: string;
  scriptId: string;
  title: string;
  number: number;
  checkpoints: { id: string; title: string }[];
  ends: { id: string; title: string; success: boolean }[];
}

/** Every approved version of every script, by script title then newest first. */
export async function listPilotCandidates(): Promise<PilotCandidate[]> {
  const { storage } = await getAppContext();
  const versions = (await storage.list("versions")).map(parseVersion).filter((v) => v.status === "approved");
  return versions
    .map((v) => ({
      versionId: v.id,
      scriptId: v.scriptId,
      title: v.script.title,
      number: v.number,
      checkpoints: v.script.nodes
        .filter((n) => n.kind === "checkpoint")
        .map((n) => ({ id: n.id, title: nodeDisplayName(n) })),
      ends: v.script.nodes.flatMap((n) =>
        n.kind === "end"
          ? [{ id: n.id, title: nodeDisplayName(n), success: n.outcome?.success === true }]
          : [],
      ),
    }))
    .sort((a, b) => a.title.localeCompare(b.title) || b.number - a.number);
}

/**
 * Creates a pilot in set-up. Every variant must be an approved version (anything else is refused with the
 * versions service's sentence saying its state), each version used once, and the set-up must pass the
 * domain's checks (checkpoints and success ends that exist, a usable block size).
 */
export async function createPilot(input: NewPilotInput, actor: PilotActor, now: string): Promise<Pilot> {
  const { storage } = await getAppContext();
  if (input.variants.length < 2 || input.variants.length > VARIANT_IDS.length) {
    throw new DomainError(
      "invalid",
      `A pilot compares 2 to 4 script versions; ${input.variants.length} were chosen.`,
    );
  }
  const seen = new Set<string>();
  const versions: ScriptVersion[] = [];
  for (const choice of input.variants) {
    if (seen.has(choice.versionId)) {
      throw new DomainError(
        "invalid",
        `The version ${choice.versionId} is chosen twice; pick different versions.`,
      );
    }
    seen.add(choice.versionId);
    versions.push(await getReleasableVersion(storage, choice.versionId));
  }
  const control = input.control ?? 0;
  const variants: Variant[] = versions.map((version, i) => ({
    id: VARIANT_IDS[i],
    label: input.variants[i].label?.trim() || `${version.script.title} v${version.number}`,
    scriptId: version.scriptId,
    versionId: version.id,
    versionNumber: version.number,
    weight: input.variants[i].weight ?? 1,
    control: i === control,
  }));
  const draft: Pilot = {
    schemaVersion: 1,
    id: `p-${randomBytes(6).toString("hex")}`,
    revision: 0,
    name: input.name.trim(),
    ...(input.description?.trim() ? { description: input.description.trim() } : {}),
    status: "setup",
    variants,
    plannedSampleSize: input.plannedSampleSize,
    earlyRejection: input.earlyRejection,
    successOutcomes: input.successOutcomes ?? [],
    ...(input.costs && { costs: input.costs }),
    minimumCallsPerVariant: input.minimumCallsPerVariant ?? Math.min(50, input.plannedSampleSize),
    smallestChangeWorthDetecting: input.smallestChangeWorthDetecting ?? 0.05,
    alpha: input.alpha ?? 0.05,
    seed: input.seed ?? randomInt(0, 2 ** 32 - 1),
    strata: input.strata ?? ["leadClass"],
    createdBy: actor.id,
    createdAt: now,
  };
  const pilot = parsePilot(draft);
  assertPilotSetup(pilot, Object.fromEntries(versions.map((v, i) => [variants[i].id, v.script])));
  const saved = await storage.save("pilots", pilot, 0);
  await audit(storage, actor, "pilot.created", saved, now, { variants: variants.map((v) => v.versionId) });
  return saved;
}

// ---- The sample list -------------------------------------------------------------------------------------

export interface ContactImportInput {
  /** Absent: guessed from the file's header and the scripts' merge fields. */
  mapping?: ColumnMapping;
  defaultRegion: string;
  fileName?: string;
}

export interface ContactImportOutcome {
  pilot: Pilot;
  rows: number;
  contacts: number;
  rejected: RejectedRow[];
  duplicatesMerged: number;
  suppressed: number;
  notice?: string;
}

/**
 * Imports the sample list (replacing an earlier one while the pilot is in set-up) and assigns it with the
 * pilot's seeded stratified assignment, so the balance can be checked before starting. A file with a
 * fatal problem changes nothing; bad rows are listed by line and left out.
 */
export async function importPilotContacts(
  pilotId: string,
  bytes: Uint8Array,
  input: ContactImportInput,
  actor: PilotActor,
  now: string,
): Promise<ContactImportOutcome> {
  const region = checkRegion(input.defaultRegion);
  return withPilotLock(pilotId, async () => {
    const { storage } = await getAppContext();
    const pilot = await loadPilot(storage, pilotId);
    requireSetup(pilot, "its sample list cannot be replaced");
    const doNotCall = await readDoNotCall(pilotId);
    const mergeFields = await pilotFields(pilot);
    const result = importContacts(bytes, {
      mapping: input.mapping ?? ((columns) => guessedMapping(columns, mergeFields)),
      defaultRegion: region,
      mergeFields,
      doNotCall,
    });
    if (!result.ok)
      throw new DomainError(result.reason === "too-large" ? "too-large" : "invalid", result.message);
    if (result.contacts.length === 0) {
      throw new DomainError(
        "invalid",
        `No row of the file could be used (${result.rejected.length} rejected, ${result.suppressed.count} on the do-not-call list), so nothing was imported.`,
      );
    }
    const assigned = assignContacts(result.contacts, assignmentOptions(pilot));
    const mapping = input.mapping ?? guessedMapping(result.columns, mergeFields);
    const list = buildContactList({
      pilotId,
      importedAt: now,
      ...(input.fileName !== undefined && { fileName: input.fileName.slice(0, 255) }),
      defaultRegion: region,
      mapping,
      contacts: assigned,
    });
    await writeContacts(pilotId, list);
    await writePilotFile(pilotId, "queue", emptyQueue());
    const summary = summarizeList(result, assigned, {
      importedAt: now,
      ...(input.fileName !== undefined && { fileName: input.fileName.slice(0, 255) }),
    });
    const saved = await storage.save("pilots", parsePilot({ ...pilot, list: summary }), pilot.revision);
    await audit(storage, actor, "pilot.list-imported", saved, now, {
      rows: result.rows,
      contacts: assigned.length,
      rejected: result.rejected.length,
    });
    return {
      pilot: saved,
      rows: result.rows,
      contacts: assigned.length,
      rejected: result.rejected,
      duplicatesMerged: result.merged.length,
      suppressed: result.suppressed.count,
      ...(result.notice !== undefined && { notice: result.notice }),
    };
  });
}

/** The same guess the preview showed the lead, used when the form sends no mapping (no JavaScript). */
function guessedMapping(columns: readonly string[], mergeFields: readonly MergeFieldSpec[]): ColumnMapping {
  return guessMapping(columns, mergeFields);
}

export interface DoNotCallOutcome {
  numbers: number;
  rows: number;
  rejected: RejectedRow[];
  /** Contacts of the list now left out: removed before the start, skipped when serving after it. */
  suppressedContacts: number;
}

/**
 * Imports a do-not-call list (kept with the contacts, deleted with them). Before the start, matching
 * contacts leave the list and the rest are assigned again; once started the assignment is frozen, so
 * they stay assigned but are never served.
 */
export async function importPilotDoNotCall(
  pilotId: string,
  bytes: Uint8Array,
  input: { defaultRegion: string },
  actor: PilotActor,
  now: string,
): Promise<DoNotCallOutcome> {
  const region = checkRegion(input.defaultRegion);
  return withPilotLock(pilotId, async () => {
    const { storage } = await getAppContext();
    let pilot = await loadPilot(storage, pilotId);
    if (pilot.status === "stopped") {
      throw new DomainError("conflict", `The pilot “${pilot.name}” is stopped; its data are frozen.`);
    }
    const result = importDoNotCall(bytes, { defaultRegion: region });
    if (!result.ok)
      throw new DomainError(result.reason === "too-large" ? "too-large" : "invalid", result.message);
    const numbers = new Set([...((await readDoNotCall(pilotId)) ?? []), ...result.numbers]);
    await writePilotFile(pilotId, "do-not-call", { schemaVersion: 1, numbers: [...numbers] });
    let suppressedContacts = 0;
    const list = await readContacts(pilotId);
    if (list) {
      const hit = list.contacts.filter((c) => numbers.has(c.phone));
      suppressedContacts = hit.length;
      if (hit.length > 0 && canChangeAssignment(pilot) && pilot.list) {
        const kept = list.contacts
          .filter((c) => !numbers.has(c.phone))
          .map(({ assignment: _assignment, ...contact }) => contact);
        const assigned = assignContacts(kept, assignmentOptions(pilot));
        await writeContacts(pilotId, { ...list, contacts: assigned });
        pilot = await storage.save(
          "pilots",
          parsePilot({
            ...pilot,
            list: {
              ...pilot.list,
              contacts: assigned.length,
              suppressed: pilot.list.suppressed + hit.length,
              assignedPerVariant: countPerVariant(assigned),
            },
          }),
          pilot.revision,
        );
      }
    }
    await audit(storage, actor, "pilot.do-not-call-imported", pilot, now, {
      numbers: result.numbers.size,
      suppressedContacts,
    });
    return { numbers: numbers.size, rows: result.rows, rejected: result.rejected, suppressedContacts };
  });
}

/** How each stratum attribute spreads over the variants among assigned contacts. */
export async function pilotBalance(pilot: Pilot): Promise<BalanceTable[]> {
  const list = await readContacts(pilot.id);
  if (!list) return [];
  const attributes: StratumAttribute[] = ["leadClass", "region", "vip", "timeZone"];
  return balanceTable(
    list.contacts,
    pilot.variants.map((v) => v.id),
    attributes.filter((a) => list.contacts.some((c) => c[a] !== undefined)),
  );
}

/** Per variant, merge-field coverage over a reproducible sample of the list (never names: refs and lines). */
export async function pilotMergePreview(
  pilotId: string,
  { sample = 200 }: { sample?: number } = {},
): Promise<{ pilot: Pilot; checked: number; total: number; variants: VariantMergePreview[] }> {
  const pilot = await getPilot(pilotId);
  const list = await readContacts(pilotId);
  if (!list) return { pilot, checked: 0, total: 0, variants: [] };
  const scripts = await pilotScripts(pilot);
  const contacts = sampleContacts(list.contacts, sample, pilot.seed);
  return {
    pilot,
    checked: contacts.length,
    total: list.contacts.length,
    variants: mergePreview({
      variants: pilot.variants.map((v) => ({ id: v.id, label: v.label, script: scripts[v.id] })),
      contacts,
    }),
  };
}

// ---- Running ---------------------------------------------------------------------------------------------

const AUDIT_OF: Record<PilotAction, string> = {
  start: "pilot.started",
  pause: "pilot.paused",
  resume: "pilot.resumed",
  stop: "pilot.stopped",
};

/** Start (the assignment is frozen from then on), pause, resume or stop (the data are frozen for good). */
export async function changePilotStatus(
  pilotId: string,
  action: PilotAction,
  actor: PilotActor,
  now: string,
): Promise<Pilot> {
  return withPilotLock(pilotId, async () => {
    const { storage } = await getAppContext();
    const pilot = await loadPilot(storage, pilotId);
    if (action === "start" && !(await readContacts(pilotId))) {
      throw new DomainError(
        "invalid",
        `The pilot “${pilot.name}” has no sample list: import one before starting.`,
      );
    }
    const saved = await storage.save("pilots", transitionPilot(pilot, action, now), pilot.revision);
    await audit(storage, actor, AUDIT_OF[action], saved, now);
    return saved;
  });
}

/** Who was served which contact, as which call. contactRefs and user ids only: no personal data. */
interface Queue {
  schemaVersion: 1;
  served: Record<string, { agent: string; callId: string; at: string; done?: boolean }>;
}

function emptyQueue(): Queue {
  return { schemaVersion: 1, served: {} };
}

export interface ServedContact {
  callId: string;
  contactRef: string;
  variantId: string;
}

/**
 * The agent's next contact: one they were served whose call has not ended yet (a reload or a second tab
 * gets the same one), else the first contact of the list nobody was served, skipping numbers on the
 * do-not-call list. Each contact is served once unless released. Undefined when the queue is empty.
 */
export async function nextContact(
  pilotId: string,
  agent: PilotActor,
  now: string,
): Promise<ServedContact | undefined> {
  return withPilotLock(pilotId, async () => {
    const pilot = await getPilot(pilotId);
    if (pilot.status !== "running") {
      throw new DomainError(
        "conflict",
        pilot.status === "paused"
          ? `The pilot “${pilot.name}” is paused: no contacts are served until a lead resumes it.`
          : `The pilot “${pilot.name}” is ${pilot.status === "setup" ? "not started yet" : "stopped"}, so it serves no contacts.`,
      );
    }
    const list = await readContacts(pilotId);
    if (!list) throw new DomainError("not-found", `The pilot “${pilot.name}” has no sample list.`);
    const queue = await readQueue(pilotId);
    for (const [contactRef, entry] of Object.entries(queue.served)) {
      if (entry.agent !== agent.id || entry.done) continue;
      const record = await getCallRecord(entry.callId);
      if (record?.status === "ended") {
        queue.served[contactRef] = { ...entry, done: true };
        continue;
      }
      const contact = list.contacts.find((c) => c.contactRef === contactRef);
      if (contact?.assignment) {
        await writePilotFile(pilotId, "queue", queue);
        return { callId: entry.callId, contactRef, variantId: contact.assignment.variantId };
      }
    }
    const doNotCall = (await readDoNotCall(pilotId)) ?? new Set<string>();
    const contact = list.contacts.find(
      (c) => c.assignment && queue.served[c.contactRef] === undefined && !doNotCall.has(c.phone),
    );
    if (!contact?.assignment) {
      await writePilotFile(pilotId, "queue", queue);
      return undefined;
    }
    const callId = randomBytes(16).toString("hex");
    queue.served[contact.contactRef] = { agent: agent.id, callId, at: now };
    await writePilotFile(pilotId, "queue", queue);
    return { callId, contactRef: contact.contactRef, variantId: contact.assignment.variantId };
  });
}

/** Puts a served contact back in the queue, as long as no call was started for it. */
export async function releaseContact(pilotId: string, callId: string, agent: PilotActor): Promise<void> {
  await withPilotLock(pilotId, async () => {
    const queue = await readQueue(pilotId);
    const found = Object.entries(queue.served).find(([, e]) => e.callId === callId);
    if (!found) throw new DomainError("not-found", "This contact was not served, or was already released.");
    const [contactRef, entry] = found;
    if (entry.agent !== agent.id && !isLead(agent)) {
      throw new DomainError(
        "forbidden",
        "Only the agent this contact was served to, or a lead, can release it.",
      );
    }
    if (await getCallRecord(callId)) {
      throw new DomainError(
        "conflict",
        "A call was already started for this contact; finish it instead of releasing it.",
      );
    }
    delete queue.served[contactRef];
    await writePilotFile(pilotId, "queue", queue);
  });
}

export interface PilotCall {
  pilot: Pilot;
  callId: string;
  variant: Variant;
  version: ScriptVersion;
  contactRef: string;
  /** The contact's merge values for the variant's script (personal data: only for the agent's screen). */
  mergeValues: MergeValues;
  contactTimeZone?: string;
}

/** What the run screen needs for a served call; only the agent it was served to (or a lead) may open it. */
export async function getPilotCall(pilotId: string, callId: string, agent: PilotActor): Promise<PilotCall> {
  const pilot = await getPilot(pilotId);
  const queue = await readQueue(pilotId);
  const found = Object.entries(queue.served).find(([, e]) => e.callId === callId);
  if (!found) throw new DomainError("not-found", "This call was not served by this pilot.");
  const [contactRef, entry] = found;
  if (entry.agent !== agent.id && !isLead(agent)) {
    throw new DomainError("forbidden", "This contact was served to another agent.");
  }
  const list = await readContacts(pilotId);
  const contact = list?.contacts.find((c) => c.contactRef === contactRef);
  const variantId = contact?.assignment?.variantId;
  const variant = pilot.variants.find((v) => v.id === variantId);
  if (!contact || !variant) {
    throw new DomainError(
      "not-found",
      "This contact is no longer in the pilot's list (its personal data were deleted).",
    );
  }
  const version = (await pilotVersions(pilot))[variant.id];
  return {
    pilot,
    callId,
    variant,
    version,
    contactRef,
    mergeValues: mergeValuesOf(contact, version.script),
    ...(contact.timeZone !== undefined && { contactTimeZone: contact.timeZone }),
  };
}

/** A contact's values for the script's variables: mapped fields first, then the contact's own attributes. */
function mergeValuesOf(contact: Contact, script: Script): MergeValues {
  const attributes: Record<string, string | undefined> = {
    name: contact.name,
    company: contact.company,
    region: contact.region,
    timeZone: contact.timeZone,
    externalId: contact.externalId,
  };
  const values: MergeValues = {};
  for (const variable of script.variables) {
    const value = contact.fields[variable.key] ?? attributes[variable.key];
    if (value !== undefined && value.trim() !== "") values[variable.key] = value;
  }
  return values;
}

// ---- Dialer results --------------------------------------------------------------------------------------

interface ResultsFile {
  schemaVersion: 1;
  summaries: CallSummary[];
}

export interface ResultsImportOutcome {
  rows: number;
  added: number;
  /** Rows already imported earlier (same call id): not counted again. */
  alreadyImported: number;
  rejected: RejectedRow[];
  ignoredColumns: string[];
}

/**
 * Imports a dialer's results export. Summaries are kept in the pilot's `results.json` (not as call
 * events: a dialer row is a finished summary, not a sequence of steps), and re-importing the same export
 * adds nothing, since each row's call id is derived from its contact, start time and variant.
 */
export async function importPilotResults(
  pilotId: string,
  bytes: Uint8Array,
  input: { defaultUtcOffset?: string },
  actor: PilotActor,
  now: string,
): Promise<ResultsImportOutcome> {
  return withPilotLock(pilotId, async () => {
    const { storage } = await getAppContext();
    const pilot = await loadPilot(storage, pilotId);
    if (pilot.status === "setup") {
      throw new DomainError(
        "conflict",
        `The pilot “${pilot.name}” has not started; start it before importing results.`,
      );
    }
    if (pilot.status === "stopped") {
      throw new DomainError(
        "conflict",
        `The pilot “${pilot.name}” is stopped; its data are frozen, so no results can be added.`,
      );
    }
    const result = importResults(bytes, {
      pilot,
      scripts: await pilotScripts(pilot),
      ...(input.defaultUtcOffset ? { defaultUtcOffset: input.defaultUtcOffset } : {}),
    });
    if (!result.ok)
      throw new DomainError(result.reason === "too-large" ? "too-large" : "invalid", result.message);
    const stored = await readResults(pilotId);
    const known = new Set(stored.map((s) => s.callId));
    const fresh = result.summaries.filter((s) => !known.has(s.callId));
    if (fresh.length > 0) {
      await writePilotFile(pilotId, "results", {
        schemaVersion: 1,
        summaries: [...stored, ...fresh],
      } satisfies ResultsFile);
      live.get(pilotId)?.pendingSummaries.push(...fresh);
    }
    await audit(storage, actor, "pilot.results-imported", pilot, now, {
      rows: result.rows,
      added: fresh.length,
      rejected: result.rejected.length,
    });
    return {
      rows: result.rows,
      added: fresh.length,
      alreadyImported: result.summaries.length - fresh.length,
      rejected: result.rejected,
      ignoredColumns: result.ignoredColumns,
    };
  });
}

// ---- The live report -------------------------------------------------------------------------------------

interface LiveReport {
  context: AppContext;
  configKey: string;
  aggregator: PilotAggregator;
  /** Calls of the pilot's stream that ended since the aggregator last caught up. */
  pendingCalls: Set<string>;
  pendingSummaries: CallSummary[];
  ready: Promise<void>;
}

/** One aggregator per pilot, fed as calls end; built from the stored calls and results only on first use. */
const live = new Map<string, LiveReport>();

onPilotEvents((pilotId, events: readonly CallEvent[]) => {
  const state = live.get(pilotId);
  if (!state) return;
  for (const event of events) if (event.type === "call-ended") state.pendingCalls.add(event.callId);
});

/** Above this many newly ended calls, one scan of the stream beats looking each call up. */
const SCAN_THRESHOLD = 20;

/**
 * The pilot's report (pilot-report.v1), as of now. The first request reads the pilot's calls and imported
 * results once; later requests only add the calls that ended since, so a dashboard polling every few
 * seconds costs little however large the pilot.
 */
export async function getPilotReport(pilotId: string): Promise<PilotReport> {
  const context = await getAppContext();
  const pilot = await loadPilot(context.storage, pilotId);
  const config = await analysisConfig(pilot);
  const configKey = JSON.stringify(config);
  let state = live.get(pilotId);
  if (!state || state.context !== context || state.configKey !== configKey) {
    const fresh: LiveReport = {
      context,
      configKey,
      aggregator: createPilotAggregator(config),
      pendingCalls: new Set(),
      pendingSummaries: [],
      ready: Promise.resolve(),
    };
    // Registered before reading, so calls that end during the first read are picked up afterwards.
    live.set(pilotId, fresh);
    fresh.ready = (async () => {
      for (const summary of await readResults(pilotId)) fresh.aggregator.add(summary);
      for (const record of await listCalls({ pilotId, preview: false })) addRecord(fresh.aggregator, record);
    })();
    // A failed first read is not kept: the next request tries again rather than failing for good.
    fresh.ready.catch(() => {
      if (live.get(pilotId) === fresh) live.delete(pilotId);
    });
    state = fresh;
  }
  await state.ready;
  await catchUp(pilotId, state);
  return state.aggregator.report();
}

async function catchUp(pilotId: string, state: LiveReport): Promise<void> {
  const summaries = state.pendingSummaries.splice(0);
  for (const summary of summaries) state.aggregator.add(summary);
  if (state.pendingCalls.size === 0) return;
  const callIds = [...state.pendingCalls];
  state.pendingCalls.clear();
  if (callIds.length > SCAN_THRESHOLD) {
    const wanted = new Set(callIds);
    for (const record of await listCalls({ pilotId, preview: false })) {
      if (wanted.has(record.callId)) addRecord(state.aggregator, record);
    }
    return;
  }
  for (const callId of callIds) {
    const record = await getCallRecord(callId);
    if (record) addRecord(state.aggregator, record);
  }
}

function addRecord(aggregator: PilotAggregator, record: Parameters<typeof summarizeCall>[0]): void {
  if (record.status !== "ended" || record.variantId === undefined || record.preview) return;
  aggregator.add(summarizeCall(record));
}

/** The analysis settings: the domain's mapping of the pilot, with where each variant's opening ends. */
export async function analysisConfig(pilot: Pilot): Promise<PilotAnalysisConfig> {
  return pilotAnalysisConfig(pilot, { openingEnds: openingEndsOf(await pilotScripts(pilot)) });
}

/** The pilot's calls as the report counts them: ended run-mode calls, then the imported dialer results. */
export async function listPilotCallSummaries(pilotId: string): Promise<CallSummary[]> {
  const out: CallSummary[] = [];
  for (const record of await listCalls({ pilotId, preview: false })) {
    if (record.status === "ended" && record.variantId !== undefined && !record.preview)
      out.push(summarizeCall(record));
  }
  out.push(...(await readResults(pilotId)));
  return out;
}

// ---- After the pilot -------------------------------------------------------------------------------------

export interface WinnerOutcome {
  pilot: Pilot;
  /** What happened to the winning version: already approved (ready), sent for review, or why not. */
  version: { state: "ready" } | { state: "sent-to-review" } | { state: "not-sent"; reason: string };
}

/**
 * Records the lead's decision with a note. The winning version is ready when it is approved; otherwise it
 * is sent for review through the versions service (which may refuse, e.g. a withdrawn version: the
 * decision stands and the reason is returned).
 */
export async function declarePilotWinner(
  pilotId: string,
  input: { variantId: string; note: string },
  actor: PilotActor,
  now: string,
): Promise<WinnerOutcome> {
  return withPilotLock(pilotId, async () => {
    const { storage } = await getAppContext();
    const pilot = await loadPilot(storage, pilotId);
    const decided = declareWinnerRule(pilot, { ...input, by: actor.id, now });
    const saved = await storage.save("pilots", parsePilot(decided), pilot.revision);
    const variant = saved.variants.find((v) => v.id === input.variantId)!;
    await audit(storage, actor, "pilot.winner-declared", saved, now, {
      variantId: variant.id,
      versionId: variant.versionId,
    });
    const doc = await storage.get("versions", variant.versionId);
    const version = doc ? parseVersion(doc) : undefined;
    if (version?.status === "approved") return { pilot: saved, version: { state: "ready" } };
    if (!version)
      return { pilot: saved, version: { state: "not-sent", reason: "The version no longer exists." } };
    try {
      await actOnVersion(
        storage,
        version.scriptId,
        version.number,
        "request-review",
        { expectedRevision: version.revision },
        { id: actor.id, roles: actor.roles },
        now,
      );
      return { pilot: saved, version: { state: "sent-to-review" } };
    } catch (error) {
      if (!isDomainError(error) && !(error instanceof ConflictError)) throw error;
      return { pilot: saved, version: { state: "not-sent", reason: error.message } };
    }
  });
}

/**
 * Deletes the sample list's personal data once the pilot is stopped: the contacts and do-not-call files
 * go, the counts, calls (which carry only contactRefs) and imported results stay, so the report still works.
 */
export async function deletePilotPersonalData(
  pilotId: string,
  actor: PilotActor,
  now: string,
): Promise<Pilot> {
  return withPilotLock(pilotId, async () => {
    const { storage } = await getAppContext();
    const pilot = await loadPilot(storage, pilotId);
    const marked = markPersonalDataDeleted(pilot, actor.id, now);
    await deletePilotFile(pilotId, "contacts");
    await deletePilotFile(pilotId, "do-not-call");
    const saved = await storage.save("pilots", parsePilot(marked), pilot.revision);
    await audit(storage, actor, "pilot.personal-data-deleted", saved, now);
    return saved;
  });
}

// ---- Helpers ---------------------------------------------------------------------------------------------

function requireSetup(pilot: Pilot, what: string): void {
  if (!canChangeAssignment(pilot)) {
    throw new DomainError(
      "conflict",
      `The pilot “${pilot.name}” has started, so ${what}: the assignment is fixed once a pilot starts.`,
    );
  }
}

function checkRegion(input: string): CountryCode {
  const region = input.trim().toUpperCase();
  if (!isPhoneRegion(region)) {
    throw new DomainError(
      "invalid",
      `“${region}” is not a region code for phone numbers; use a two-letter code such as GB, US or CN.`,
    );
  }
  return region;
}

function assignmentOptions(pilot: Pilot) {
  return {
    variants: pilot.variants,
    strata: pilot.strata,
    seed: pilot.seed,
    ...(pilot.blockSize !== undefined && { blockSize: pilot.blockSize }),
  };
}

function countPerVariant(contacts: readonly Contact[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of contacts)
    if (c.assignment) counts[c.assignment.variantId] = (counts[c.assignment.variantId] ?? 0) + 1;
  return counts;
}

function isLead(actor: PilotActor): boolean {
  return actor.roles.includes("lead") || actor.roles.includes("admin");
}

/** Lists already checked against the schema, by the parsed object the file cache hands out. */
const checkedLists = new WeakMap<object, ContactList>();

/**
 * The list is built by the domain's import and assignment from checked rows, so it is not validated again
 * on the way out (1.5 s for 100,000 contacts); what is read back from disk is checked once, on first read.
 */
async function writeContacts(pilotId: string, list: ContactList): Promise<void> {
  // Lists are never changed in place (a change writes a new list), so the file cache may keep this one.
  const stored = await writePilotFile(pilotId, "contacts", list, { handOver: true });
  if (typeof stored === "object" && stored !== null) checkedLists.set(stored, list);
}

async function readContacts(pilotId: string): Promise<ContactList | undefined> {
  const raw = await readPilotFile(pilotId, "contacts");
  if (raw === undefined) return undefined;
  if (typeof raw === "object" && raw !== null) {
    const known = checkedLists.get(raw);
    if (known) return known;
    const list = parseContactList(raw);
    checkedLists.set(raw, list);
    return list;
  }
  return parseContactList(raw);
}

async function readDoNotCall(pilotId: string): Promise<Set<string> | undefined> {
  const raw = await readPilotFile(pilotId, "do-not-call");
  if (raw === undefined) return undefined;
  if (typeof raw !== "object" || raw === null || !("numbers" in raw) || !Array.isArray(raw.numbers)) {
    throw new DomainError("invalid", "The pilot's do-not-call file is damaged; it was left as it is.");
  }
  return new Set(raw.numbers.filter((n): n is string => typeof n === "string"));
}

async function readQueue(pilotId: string): Promise<Queue> {
  const raw = await readPilotFile(pilotId, "queue");
  if (raw === undefined) return emptyQueue();
  if (
    typeof raw !== "object" ||
    raw === null ||
    !("served" in raw) ||
    typeof raw.served !== "object" ||
    raw.served === null
  ) {
    throw new DomainError("invalid", "The pilot's queue file is damaged; it was left as it is.");
  }
  const served: Queue["served"] = {};
  for (const [ref, entry] of Object.entries(raw.served)) {
    if (
      typeof entry === "object" &&
      entry !== null &&
      "agent" in entry &&
      typeof entry.agent === "string" &&
      "callId" in entry &&
      typeof entry.callId === "string" &&
      "at" in entry &&
      typeof entry.at === "string"
    ) {
      served[ref] = {
        agent: entry.agent,
        callId: entry.callId,
        at: entry.at,
        ...("done" in entry && entry.done === true && { done: true }),
      };
    }
  }
  return { schemaVersion: 1, served };
}

async function readResults(pilotId: string): Promise<CallSummary[]> {
  const raw = await readPilotFile(pilotId, "results");
  if (raw === undefined) return [];
  if (typeof raw !== "object" || raw === null || !("summaries" in raw) || !Array.isArray(raw.summaries)) {
    throw new DomainError("invalid", "The pilot's results file is damaged; it was left as it is.");
  }
  // Written only by importPilotResults from checked summaries.
  return raw.summaries.filter(isSummaryShape);
}

function isSummaryShape(value: unknown): value is CallSummary {
  return (
    typeof value === "object" &&
    value !== null &&
    "callId" in value &&
    typeof value.callId === "string" &&
    "variantId" in value &&
    typeof value.variantId === "string" &&
    "reachedNodeIds" in value &&
    Array.isArray(value.reachedNodeIds)
  );
}

async function audit(
  storage: StorageAdapter,
  actor: PilotActor,
  action: string,
  pilot: Pilot,
  at: string,
  details?: Record<string, string | number | boolean | string[]>,
): Promise<void> {
  await recordAudit({
    actor: { id: actor.id, ...(actor.username ? { username: actor.username } : {}) },
    action,
    object: { type: "pilot", id: pilot.id },
    ...(details && { details }),
    at,
    storage,
  });
}

export interface ContactAssignment {
  pilotId: string;
  contactRef: string;
  variantId: string;
  scriptId: string;
  versionId: string;
  versionNumber: number;
}

/**
 * The variant a contact was assigned to, for a dialer placing the call itself. The contact is named by its
 * opaque reference or by the dialer's own id (the list's external id column); nothing personal is returned.
 */
export async function getContactAssignment(pilotId: string, contactId: string): Promise<ContactAssignment> {
  const pilot = await getPilot(pilotId);
  const list = await readContacts(pilotId);
  if (!list) {
    throw new DomainError(
      "not-found",
      `The pilot “${pilot.name}” has no sample list (not imported yet, or its personal data were deleted).`,
    );
  }
  const contact =
    list.contacts.find((c) => c.contactRef === contactId) ??
    list.contacts.find((c) => c.externalId === contactId);
  if (!contact)
    throw new DomainError("not-found", `The pilot “${pilot.name}” has no contact “${contactId}”.`);
  const variant = pilot.variants.find((v) => v.id === contact.assignment?.variantId);
  if (!variant)
    throw new DomainError(
      "not-found",
      `The contact “${contactId}” is not assigned to a variant (it may be on the do-not-call list).`,
    );
  return {
    pilotId,
    contactRef: contact.contactRef,
    variantId: variant.id,
    scriptId: variant.scriptId,
    versionId: variant.versionId,
    versionNumber: variant.versionNumber,
  };
}
