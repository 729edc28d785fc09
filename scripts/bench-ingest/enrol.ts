// Enrols the benchmark's agents through the real API, a bounded number at a time.
import http from 'node:http';

export interface EnrolledAgent {
  agentId: string;
  agentToken: string;
}

export async function enrolAgents(url: string, enrollSecret: string, count: number, concurrency: number): Promise<EnrolledAgent[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL('/api/v1/enroll', url);
  const agents: EnrolledAgent[] = new Array<EnrolledAgent>(count);
  let next = 0;
  const enrolOne = (index: number) => new Promise<EnrolledAgent>((resolve, reject) => {
    const body = JSON.stringify({
      schemaVersion: 1, enrollSecret, hostname: `laptop-${index}`, platform: (['linux', 'darwin', 'win32'] as const)[index % 3],
      agentVersion: '0.1.0', serial: `SN-${index.toString().padStart(8, '0')}`,
    });
    const request = http.request(target, {
      method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => {
        if (response.statusCode !== 201) return reject(new Error(`enrol answered ${response.statusCode}: ${text}`));
        const { agentId, agentToken } = JSON.parse(text) as EnrolledAgent;
        resolve({ agentId, agentToken });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
  const worker = async () => {
    while (next < count) {
      const index = next++;
      agents[index] = await enrolOne(index);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  } finally {
    agent.destroy();
  }
  return agents;
}
