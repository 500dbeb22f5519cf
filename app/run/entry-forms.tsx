import { useId, useMemo, useState } from "react";

/** Callback date, time and time zone. The zone starts as the contact's when known, else this computer's. */
export function CallbackForm({
  defaultTimeZone,
  onSubmit,
}: {
  defaultTimeZone?: string;
  onSubmit: (entry: { date: string; time: string; timeZone: string }) => void;
}) {
  const id = useId();
  const zones = useMemo(timeZones, []);
  const [date, setDate] = useState("");
  const [time, setTime] = useState("");
  const [timeZone, setTimeZone] = useState(() => defaultTimeZone ?? localTimeZone());
  return (
    <form
      className="run-form"
      aria-label="Callback"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ date, time, timeZone });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-date`}>Callback date</label>
        {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the agent types the date as soon as the customer says it */}
        <input id={`${id}-date`} type="date" required autoFocus value={date} onChange={(e) => setDate(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-time`}>Callback time</label>
        <input id={`${id}-time`} type="time" required value={time} onChange={(e) => setTime(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-zone`}>Time zone</label>
        <input
          id={`${id}-zone`}
          list={`${id}-zones`}
          required
          value={timeZone}
          onChange={(e) => setTimeZone(e.target.value)}
        />
        <datalist id={`${id}-zones`}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
      <button type="submit" className="primary">
        Record callback
      </button>
    </form>
  );
}

/** Someone else to talk to: name (needed), role and phone. */
export function ReferralForm({ onSubmit }: { onSubmit: (entry: { name: string; role: string; phone: string }) => void }) {
  const id = useId();
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [phone, setPhone] = useState("");
  return (
    <form
      className="run-form"
      aria-label="Referral"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ name, role, phone });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>Referral name</label>
        {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the agent writes the name down as it is said */}
        <input id={`${id}-name`} required autoFocus maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>Role</label>
        <input id={`${id}-role`} maxLength={200} value={role} onChange={(e) => setRole(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-phone`}>Phone</label>
        <input id={`${id}-phone`} type="tel" maxLength={40} value={phone} onChange={(e) => setPhone(e.target.value)} />
      </div>
      <button type="submit" className="primary">
        Record referral
      </button>
    </form>
  );
}

function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return "UTC";
  }
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
}
