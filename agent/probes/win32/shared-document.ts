// One PowerShell run per scan, shared by every part probe. The run stops only when every probe
// still waiting for it has been aborted (each probe keeps its own timeout and health entry).
import type { ProbeContext } from '../run-probe.js';
import type { Win32Document } from './document.js';

export type DocumentLoader = (signal: AbortSignal) => Promise<Win32Document>;

export function shareDocument(load: DocumentLoader): (context: ProbeContext) => Promise<Win32Document> {
  const controller = new AbortController();
  const waiting = new Set<AbortSignal>();
  let pending: Promise<Win32Document> | undefined;
  const abandonIfNobodyWaits = (): void => {
    if ([...waiting].every((signal) => signal.aborted)) controller.abort(new Error('every probe waiting for PowerShell was aborted'));
  };
  return (context) => {
    context.signal.throwIfAborted();
    waiting.add(context.signal);
    context.signal.addEventListener('abort', abandonIfNobodyWaits, { once: true });
    pending ??= load(controller.signal);
    const release = (): void => {
      waiting.delete(context.signal);
      context.signal.removeEventListener('abort', abandonIfNobodyWaits);
    };
    return pending.finally(release);
  };
}
