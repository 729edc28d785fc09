// Inventory import (admins): a CSV file (header row) or JSON, all or nothing; every bad line is listed.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorMessage, Loading, Pager, Section, describe, useApi } from '../ui.js';
import type { Page } from '../types.js';

interface InventoryRow { serial: string | null; hostname: string | null; employeeId: string; employeeName: string; city: string; country: string; workMode: string }

export function InventoryPage() {
  const [offset, setOffset] = useState(0);
  const { data, error, reload } = useApi<Page & { inventory: InventoryRow[] }>(`/api/v1/inventory?limit=100&offset=${offset}`);
  const [result, setResult] = useState<string>();
  const [importError, setImportError] = useState<string>();
  const upload = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const file = form.get('file') as File;
    setResult(undefined);
    setImportError(undefined);
    try {
      const text = await file.text();
      const json = file.name.endsWith('.json');
      const answer = await api<{ imported: number }>(`/api/v1/inventory${form.get('replace') ? '?replace=true' : ''}`, {
        raw: { text, contentType: json ? 'application/json' : 'text/csv' },
      });
      setResult(`Imported ${answer.imported} record(s).`);
      reload();
    } catch (e) {
      setImportError(describe(e));
    }
  };
  return (
    <main id="main">
      <h1>Inventory</h1>
      <Section title="Import">
        <form class="stack" onSubmit={upload}>
          <label>CSV (header row: serial, hostname, employeeId, employeeName, city, country, workMode) or JSON file
            <input type="file" name="file" accept=".csv,.json,text/csv,application/json" required />
          </label>
          <label><input type="checkbox" name="replace" value="1" /> Replace the whole inventory (records the file does not list are removed)</label>
          <button type="submit">Import</button>
        </form>
        <ErrorMessage error={importError} />
        {result && <p class="ok" role="status">{result}</p>}
      </Section>
      <Section title="Records">
        <ErrorMessage error={error} />
        {!data && !error && <Loading what="the inventory" />}
        {data && (
          <>
            <table class="grid">
              <thead><tr><th scope="col">Serial</th><th scope="col">Hostname</th><th scope="col">Employee</th><th scope="col">Claimed location</th><th scope="col">Work mode</th></tr></thead>
              <tbody>{data.inventory.map((r) => (
                <tr key={`${r.serial}${r.hostname}`}><td>{r.serial ?? '—'}</td><td>{r.hostname ?? '—'}</td><td>{r.employeeId} {r.employeeName}</td><td>{r.city}, {r.country}</td><td>{r.workMode}</td></tr>
              ))}</tbody>
            </table>
            <Pager total={data.total} limit={100} offset={offset} onOffset={setOffset} />
          </>
        )}
      </Section>
    </main>
  );
}
