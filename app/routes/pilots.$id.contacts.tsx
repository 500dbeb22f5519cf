import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import {
  CONTACT_ATTRIBUTES,
  CONTACT_ATTRIBUTE_LABELS,
  type ColumnMapping,
} from "~/domain/pilots/import/column-mapping";
import { previewCsv, type CsvPreview } from "~/domain/pilots/import/preview";
import { CsvUploadForm } from "~/pilots/csv-upload-form";
import { PilotStatusBadge, PilotTabs } from "~/pilots/pilot-tabs";
import { requireUser } from "~/services/auth.server";
import { throwAsResponse } from "~/services/http.server";
import { DEFAULT_PHONE_REGION, handlePilotUpload } from "~/services/pilot-forms.server";
import { getPilot, pilotBalance, pilotFields } from "~/services/pilots.server";
import pilotsCss from "~/styles/pilots.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pilotsCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Sample list: ${data.pilot.name} · ScriptPilot` : "Sample list · ScriptPilot" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "lead");
  const pilot = await getPilot(params.id ?? "").catch(throwAsResponse);
  return {
    pilot,
    mergeFields: await pilotFields(pilot),
    balance: await pilotBalance(pilot),
    defaultRegion: DEFAULT_PHONE_REGION,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "lead");
  return handlePilotUpload(params.id ?? "", await request.formData(), user, new Date().toISOString());
}

type FilePreview = CsvPreview | { ok: false; message: string };

export default function PilotContacts() {
  const { pilot, mergeFields, balance, defaultRegion } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [preview, setPreview] = useState<FilePreview>();
  const [mapping, setMapping] = useState<ColumnMapping>();
  const canImport = pilot.status === "setup";
  const list = pilot.list;

  const onFile = async (file: File | undefined) => {
    setPreview(undefined);
    setMapping(undefined);
    if (!file) return;
    const result = previewCsv(new Uint8Array(await file.arrayBuffer()), { mergeFields });
    setPreview(result.ok ? result : { ok: false, message: result.message });
    if (result.ok) setMapping(result.mapping);
  };

  const regionField = (id: string) => (
    <div className="field">
      <label htmlFor={id}>Country for numbers without a country code</label>
      <input
        id={id}
        name="defaultRegion"
        defaultValue={defaultRegion}
        maxLength={2}
        size={3}
        pattern="[A-Za-z]{2}"
      />
    </div>
  );

  return (
    <div className="pilots-page">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to="/pilots">Pilots</Link> › {pilot.name}
      </nav>
      <h1>
        Sample list: {pilot.name} <PilotStatusBadge status={pilot.status} />
      </h1>
      <PilotTabs pilot={pilot} />

      {list ? (
        <section className="card" aria-labelledby="list-summary">
          <h2 id="list-summary">Current list</h2>
          <p>
            {list.fileName ? `“${list.fileName}”: ` : ""}
            {list.rows} rows, {list.contacts} contacts, {list.rejected} rejected, {list.duplicatesMerged}{" "}
            duplicates merged, {list.suppressed} on the do-not-call list.
            {list.personalDataDeletedAt ? " The personal data were deleted; the counts remain." : ""}
          </p>
          <p>
            Assigned:{" "}
            {pilot.variants.map((v) => `${v.label} ${list.assignedPerVariant?.[v.id] ?? 0}`).join(" · ")}
          </p>
          {balance.map((table) => (
            <table className="pilot-table" key={table.attribute}>
              <caption>Balance by {CONTACT_ATTRIBUTE_LABELS[table.attribute]}</caption>
              <thead>
                <tr>
                  <th scope="col">Value</th>
                  {pilot.variants.map((v) => (
                    <th scope="col" className="num" key={v.id}>
                      {v.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row) => (
                  <tr key={row.value}>
                    <th scope="row">{row.value === "-" ? "(none)" : row.value}</th>
                    {row.counts.map((n, i) => (
                      <td className="num" key={i}>
                        {n}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </section>
      ) : (
        <div className="card empty">
          <p>No sample list yet. Upload a CSV file with one contact per row and a phone number column.</p>
        </div>
      )}

      {canImport ? (
        <section className="card" aria-labelledby="upload-list">
          <h2 id="upload-list">{list ? "Replace the sample list" : "Upload the sample list"}</h2>
          <CsvUploadForm
            pilotId={pilot.id}
            intent="contacts"
            label="Sample list (CSV)"
            submitLabel="Import and assign"
            onFile={(f) => void onFile(f)}
            {...(actionData && "kind" in actionData && actionData.kind === "contacts"
              ? { fallback: actionData }
              : {})}
            {...(actionData && !actionData.ok ? { fallback: actionData } : {})}
          >
            {regionField("region-contacts")}
            {preview && !preview.ok ? (
              <p className="alert" role="alert">
                {preview.message}
              </p>
            ) : null}
            {preview?.ok && mapping ? (
              <MappingFields
                preview={preview}
                mapping={mapping}
                mergeFields={mergeFields}
                onChange={setMapping}
              />
            ) : null}
          </CsvUploadForm>
        </section>
      ) : (
        <p className="meta">The pilot has started, so its list and assignment are fixed.</p>
      )}

      {pilot.status !== "stopped" ? (
        <section className="card" aria-labelledby="upload-dnc">
          <h2 id="upload-dnc">Do-not-call list</h2>
          <p className="hint">
            Numbers on it are never called: left out of the list before the start, skipped when serving after
            it.
          </p>
          <CsvUploadForm
            pilotId={pilot.id}
            intent="do-not-call"
            label="Do-not-call list (CSV)"
            submitLabel="Import do-not-call list"
            {...(actionData && "kind" in actionData && actionData.kind === "do-not-call"
              ? { fallback: actionData }
              : {})}
          >
            {regionField("region-dnc")}
          </CsvUploadForm>
        </section>
      ) : null}
    </div>
  );
}

function MappingFields({
  preview,
  mapping,
  mergeFields,
  onChange,
}: {
  preview: CsvPreview;
  mapping: ColumnMapping;
  mergeFields: { key: string; label?: string; required?: boolean }[];
  onChange: (m: ColumnMapping) => void;
}) {
  const options = (
    <>
      <option value="">(not in the file)</option>
      {preview.columns.map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </>
  );
  return (
    <>
      <input type="hidden" name="mapping" value="explicit" />
      <div className="csv-preview">
        <table className="pilot-table">
          <caption>
            First rows of the file ({preview.encoding}
            {preview.notice ? `; ${preview.notice}` : ""})
          </caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              {preview.columns.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.line}>
                <td className="num">{row.line}</td>
                {row.cells.map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <fieldset>
        <legend>Columns for the contact</legend>
        <div className="mapping-grid">
          {CONTACT_ATTRIBUTES.map((attribute) => (
            <div className="field" key={attribute}>
              <label htmlFor={`attr-${attribute}`}>{CONTACT_ATTRIBUTE_LABELS[attribute]}</label>
              <select
                id={`attr-${attribute}`}
                name={`attr-${attribute}`}
                value={mapping.attributes[attribute] ?? ""}
                onChange={(e) =>
                  onChange({
                    ...mapping,
                    attributes: { ...mapping.attributes, [attribute]: e.target.value || undefined },
                  })
                }
              >
                {options}
              </select>
            </div>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Columns for the scripts' merge fields</legend>
        {mergeFields.length === 0 ? <p className="meta">The variants use no merge fields.</p> : null}
        <div className="mapping-grid">
          {mergeFields.map((field) => (
            <div className="field" key={field.key}>
              <label htmlFor={`field-${field.key}`}>
                {field.label ?? field.key} {field.required ? "(required)" : ""}
              </label>
              <select
                id={`field-${field.key}`}
                name={`field-${field.key}`}
                value={mapping.fields[field.key] ?? ""}
                onChange={(e) =>
                  onChange({ ...mapping, fields: { ...mapping.fields, [field.key]: e.target.value } })
                }
              >
                {options}
              </select>
            </div>
          ))}
        </div>
      </fieldset>
    </>
  );
}
