import { nodeDisplayName } from "../node-summary";
import { mergeFieldKeys, richTextToPlain } from "../rich-text";
import type { RichText, Script } from "../script-types";
import { createRandom } from "../stats/random";
import type { Contact } from "./pilot-types";

export interface PreviewVariant {
  id: string;
  label: string;
  script: Script;
}

export interface MergePreviewOptions {
  variants: readonly PreviewVariant[];
  /** The contacts to check (see sampleContacts). */
  contacts: readonly Contact[];
  /** Longest value that reads naturally (default 40 characters); per merge-field key where it differs. */
  maxLength?: number;
  maxLengthByField?: Readonly<Record<string, number>>;
  /** How many contacts to render in full per variant (default 3). */
  renderCount?: number;
}

/** A place in a script where a merge field is read. */
export interface FieldUse {
  nodeId: string;
  /** The step's title or first words, or "objection: <label>" for an objection reply. */
  title: string;
}

export interface ContactPointer {
  contactRef: string;
  /** The line of the list file the contact came from. */
  line: number;
}

export interface MergeFieldPreview {
  key: string;
  label?: string;
  required: boolean;
  /** False when the script uses the field without declaring it as a variable: nothing can fill it. */
  declared: boolean;
  uses: FieldUse[];
  /** Contacts with a value, and that as a share of the contacts checked (0..1). */
  withValue: number;
  coverage: number;
  missing: ContactPointer[];
  overlong: (ContactPointer & { length: number })[];
  /**
   * For contacts without a value: `fallback` when the variable has fallback text (read at `uses`), else
   * `placeholder` (the agent sees the field's label and must improvise).
   */
  whenMissing: { kind: "fallback"; text: string } | { kind: "placeholder"; text: string };
}

export interface VariantMergePreview {
  variantId: string;
  label: string;
  fields: MergeFieldPreview[];
  /** The script as it would read for the first few contacts: each step's text with values filled in. */
  renderings: {
    contactRef: string;
    line: number;
    steps: { nodeId: string; title: string; text: string }[];
  }[];
}

const DEFAULT_MAX_LENGTH = 40;

/**
 * Before a pilot starts: for each variant's script and the sample contacts, per merge field, how many
 * contacts have a value, which do not (by contactRef and line, never by name), which values are too long
 * to read naturally, and where the fallback or placeholder would be read instead. The lead can then fix
 * the list or the script first.
 */
export function mergePreview(options: MergePreviewOptions): VariantMergePreview[] {
  const { contacts } = options;
  const total = contacts.length;
  return options.variants.map((variant) => {
    const script = variant.script;
    const uses = fieldUses(script);
    const variables = new Map(script.variables.map((v) => [v.key, v]));
    const fields: MergeFieldPreview[] = [...uses.entries()].map(([key, places]) => {
      const variable = variables.get(key);
      const limit = options.maxLengthByField?.[key] ?? options.maxLength ?? DEFAULT_MAX_LENGTH;
      const missing: ContactPointer[] = [];
      const overlong: MergeFieldPreview["overlong"] = [];
      for (const contact of contacts) {
        const value = valueOf(contact, key);
        if (value === undefined) missing.push({ contactRef: contact.contactRef, line: contact.line });
        else if ([...value].length > limit) {
          overlong.push({ contactRef: contact.contactRef, line: contact.line, length: [...value].length });
        }
      }
      const fallback = variable?.fallback?.trim();
      return {
        key,
        ...(variable && { label: variable.label }),
        required: variable?.required ?? false,
        declared: variable !== undefined,
        uses: places,
        withValue: total - missing.length,
        coverage: total === 0 ? 0 : (total - missing.length) / total,
        missing,
        overlong,
        whenMissing: fallback
          ? { kind: "fallback", text: fallback }
          : { kind: "placeholder", text: `[${variable?.label ?? key}]` },
      };
    });
    const renderings = contacts.slice(0, options.renderCount ?? 3).map((contact) => ({
      contactRef: contact.contactRef,
      line: contact.line,
      steps: renderScript(script, (key) => {
        const value = valueOf(contact, key);
        if (value !== undefined) return value;
        const variable = variables.get(key);
        return variable?.fallback?.trim() || `[${variable?.label ?? key}]`;
      }),
    }));
    return { variantId: variant.id, label: variant.label, fields, renderings };
  });
}

/** A reproducible random sample of `n` contacts (all of them when there are fewer), in list order. */
export function sampleContacts(contacts: readonly Contact[], n: number, seed: number | string): Contact[] {
  if (contacts.length <= n) return [...contacts];
  const picked = new Set(
    createRandom(seed)
      .shuffle(contacts.map((_, i) => i))
      .slice(0, n),
  );
  return contacts.filter((_, i) => picked.has(i));
}

function valueOf(contact: Contact, key: string): string | undefined {
  const field = contact.fields[key];
  if (field !== undefined && field.trim() !== "") return field;
  const attribute = attributeOf(contact, key);
  return attribute !== undefined && attribute.trim() !== "" ? attribute : undefined;
}

/** A script may read a contact's own attributes ({{name}}, {{company}}) without a separately mapped field. */
function attributeOf(contact: Contact, key: string): string | undefined {
  switch (key) {
    case "name":
      return contact.name;
    case "company":
      return contact.company;
    case "region":
      return contact.region;
    case "timeZone":
      return contact.timeZone;
    case "externalId":
      return contact.externalId;
    default:
      return undefined;
  }
}

/** Every merge field the script reads, with the steps (and objection replies) that read it, in order. */
function fieldUses(script: Script): Map<string, FieldUse[]> {
  const uses = new Map<string, FieldUse[]>();
  const add = (doc: RichText | undefined, use: FieldUse) => {
    for (const key of mergeFieldKeys(doc)) {
      const list = uses.get(key) ?? [];
      if (!list.some((u) => u.nodeId === use.nodeId && u.title === use.title)) list.push(use);
      uses.set(key, list);
    }
  };
  for (const node of script.nodes) {
    if ("text" in node) add(node.text, { nodeId: node.id, title: nodeDisplayName(node) });
  }
  for (const objection of script.objections) {
    add(objection.reply, { nodeId: objection.id, title: `objection: ${objection.label}` });
  }
  return uses;
}

function renderScript(
  script: Script,
  fill: (key: string) => string,
): { nodeId: string; title: string; text: string }[] {
  const steps: { nodeId: string; title: string; text: string }[] = [];
  for (const node of script.nodes) {
    if (!("text" in node) || !node.text) continue;
    steps.push({ nodeId: node.id, title: nodeDisplayName(node), text: richTextToPlain(node.text, fill) });
  }
  return steps;
}
