import { useId } from "react";
import { updateScriptMeta, type ScriptMetaPatch } from "~/domain/edits";
import { LANGUAGES } from "~/domain/languages";
import type { ScriptSettings } from "~/domain/script-types";
import {
  DEFAULT_ANSWER_SECONDS,
  DEFAULT_CHARACTERS_PER_MINUTE,
  DEFAULT_WORDS_PER_MINUTE,
} from "~/domain/speaking-time";
import { useEditor } from "../editor-store";
import { CheckboxField, DraftField, parsers, SelectField, TextField, type Parsed } from "../inspector/fields";
import { keepDeleteKeysFromCanvas } from "../inspector/list-controls";
import { useEdit } from "../use-edit";

type OpenerChecks = NonNullable<ScriptSettings["openerChecks"]>;

/** What the speaking-time estimate and the opener checks assume when a script does not say. */
const SETTING_DEFAULTS = {
  wordsPerMinute: DEFAULT_WORDS_PER_MINUTE,
  charactersPerMinute: DEFAULT_CHARACTERS_PER_MINUTE,
  answerSeconds: DEFAULT_ANSWER_SECONDS,
  openerChecks: {
    enabled: true,
    withinSeconds: 30,
    identifyAgent: true,
    statePurpose: true,
    offerDecline: true,
  },
} as const;

const KIND_NAMES = { "call-script": "Call script", survey: "Survey" } as const;

const parseTitle = parsers.required("The title", 200);

/** The script's own details (title, language, tags) and the settings of its speaking-time and opener checks. */
export function SettingsPanel() {
  // Only the script's own fields: editing steps does not re-render this panel.
  const doc = {
    title: useEditor((s) => s.doc.title),
    description: useEditor((s) => s.doc.description),
    language: useEditor((s) => s.doc.language),
    tags: useEditor((s) => s.doc.tags),
    kind: useEditor((s) => s.doc.kind),
  };
  const settings = useEditor((s) => s.doc.settings) ?? {};
  const edit = useEdit();
  const base = useId();
  const update = (patch: ScriptMetaPatch, field?: string) =>
    edit(updateScriptMeta, { patch }, field ? { coalesce: `script-${field}` } : undefined);
  const languages = LANGUAGES.some((l) => l.tag === doc.language)
    ? LANGUAGES
    : [{ tag: doc.language, name: doc.language }, ...LANGUAGES];

  return (
    // The key handler only keeps Delete/Backspace on buttons here from deleting steps on the canvas.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <section
      className="sp-panel-section"
      aria-labelledby={`${base}-title`}
      onKeyDown={keepDeleteKeysFromCanvas}
    >
      <h2 id={`${base}-title`}>Script settings</h2>
      <DraftField
        label="Title"
        value={doc.title}
        format={(v) => v}
        parse={parseTitle}
        maxLength={200}
        onCommit={(title) => update({ title }, "title")}
      />
      <TextField
        label="Description"
        multiline
        value={doc.description ?? ""}
        maxLength={5000}
        onChange={(description) => update({ description: description || undefined }, "description")}
      />
      <SelectField
        label="Language"
        value={doc.language}
        options={languages.map((l) => ({ value: l.tag, label: `${l.name} (${l.tag})` }))}
        hint="Chinese, Japanese and Korean are timed by characters, other languages by words."
        onChange={(language) => update({ language })}
      />
      <DraftField
        label="Tags"
        value={doc.tags}
        format={(tags) => tags.join(", ")}
        parse={parseTags}
        hint="Separate tags with commas."
        onCommit={(tags) => update({ tags }, "tags")}
      />
      <p className="sp-readonly">
        <span className="sp-label">Kind</span> {KIND_NAMES[doc.kind]}
      </p>

      <fieldset>
        <legend>Speaking time</legend>
        <RateField
          label="Words per minute"
          value={settings.wordsPerMinute}
          fallback={SETTING_DEFAULTS.wordsPerMinute}
          range={[60, 400]}
          onCommit={(wordsPerMinute) => update({ settings: { wordsPerMinute } }, "wpm")}
        />
        <RateField
          label="Characters per minute (Chinese, Japanese, Korean)"
          value={settings.charactersPerMinute}
          fallback={SETTING_DEFAULTS.charactersPerMinute}
          range={[100, 800]}
          onCommit={(charactersPerMinute) => update({ settings: { charactersPerMinute } }, "cpm")}
        />
        <RateField
          label="Seconds for each answer"
          value={settings.answerSeconds}
          fallback={SETTING_DEFAULTS.answerSeconds}
          range={[0, 120]}
          onCommit={(answerSeconds) => update({ settings: { answerSeconds } }, "answer-seconds")}
        />
      </fieldset>

      <OpenerCheckFields
        checks={settings.openerChecks ?? {}}
        onChange={(openerChecks, field) => update({ settings: { openerChecks } }, field)}
      />
    </section>
  );
}

function RateField({
  label,
  value,
  fallback,
  range: [min, max],
  onCommit,
}: {
  label: string;
  value: number | undefined;
  fallback: number;
  range: [number, number];
  onCommit: (value: number) => void;
}) {
  return (
    <DraftField
      label={label}
      type="number"
      min={min}
      max={max}
      value={value ?? fallback}
      format={String}
      parse={parsers.number(min, max)}
      hint={`${min}–${max}; ${fallback} unless you change it.`}
      onCommit={onCommit}
    />
  );
}

function OpenerCheckFields({
  checks,
  onChange,
}: {
  checks: OpenerChecks;
  onChange: (checks: OpenerChecks, field?: string) => void;
}) {
  const d = SETTING_DEFAULTS.openerChecks;
  const enabled = checks.enabled ?? d.enabled;
  const set = (patch: OpenerChecks, field?: string) => onChange({ ...checks, ...patch }, field);
  return (
    <fieldset>
      <legend>Opening checks</legend>
      <CheckboxField
        label="Check the opening"
        checked={enabled}
        hint="Warns when the start of the call leaves out what a fair opening says."
        onChange={(on) => set({ enabled: on })}
      />
      <fieldset disabled={!enabled} className="sp-nested">
        <legend className="visually-hidden">What the opening must do</legend>
        <DraftField
          label="Within the first (seconds)"
          type="number"
          min={5}
          max={120}
          value={checks.withinSeconds ?? d.withinSeconds}
          format={String}
          parse={parsers.number(5, 120)}
          onCommit={(withinSeconds) => set({ withinSeconds }, "opener-seconds")}
        />
        <CheckboxField
          label="Agent and company identified"
          checked={checks.identifyAgent ?? d.identifyAgent}
          onChange={(on) => set({ identifyAgent: on })}
        />
        <CheckboxField
          label="Purpose stated"
          checked={checks.statePurpose ?? d.statePurpose}
          onChange={(on) => set({ statePurpose: on })}
        />
        <CheckboxField
          label="Way to decline offered"
          checked={checks.offerDecline ?? d.offerDecline}
          onChange={(on) => set({ offerDecline: on })}
        />
      </fieldset>
    </fieldset>
  );
}

function parseTags(text: string): Parsed<string[]> {
  const tags = [
    ...new Set(
      text
        .split(",")
        .map((t) => t.trim())
        .filter((t) => t.length > 0),
    ),
  ];
  if (tags.length > 30) return { ok: false, message: "At most 30 tags." };
  const long = tags.find((t) => t.length > 40);
  if (long)
    return { ok: false, message: `“${long.slice(0, 20)}…” is too long: a tag has at most 40 characters.` };
  return { ok: true, value: tags };
}
