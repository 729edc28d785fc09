// The web console's files (built by `npm run build` into build/console/): GET / and any path
// outside /api/ answer the console page, so client-side routes survive a reload; files that
// exist are served as they are. API paths that match no route stay JSON 404s.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';

/** The page may load only its own scripts, styles and data; nobody may frame it. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/**
 * `FARMWATCH_CONSOLE_DIR`, else build/console beside the bundled server (build/farmwatch-server.mjs)
 * or at the repository root when running from source.
 */
export function consoleDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FARMWATCH_CONSOLE_DIR) return path.resolve(env.FARMWATCH_CONSOLE_DIR);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'console'), path.join(here, '..', 'build', 'console'), path.join(here, '..', '..', 'build', 'console')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? candidates.at(-1)!;
}

export async function registerConsoleRoutes(app: FastifyInstance, dir: string = consoleDirectory()): Promise<void> {
  const built = fs.existsSync(path.join(dir, 'index.html'));
  if (built) await app.register(fastifyStatic, { root: dir, serve: false, index: false, cacheControl: false });

  const page = (_request: FastifyRequest, reply: FastifyReply) => {
    if (!built) throw new ApiError('NOT_FOUND', 'The console is not built: run `npm run build`.');
    return reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' }).sendFile('index.html');
  };

  app.get('/', page);
  app.get<{ Params: { '*': string } }>('/*', (request, reply) => {
    const wanted = request.params['*'];
    if (wanted === 'api' || wanted.startsWith('api/') || wanted === 'healthz') return reply.callNotFound();
    const file = path.resolve(dir, wanted);
    if (built && file.startsWith(dir + path.sep) && fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      // Bundles carry a content hash in their name: cache them for good; anything else revalidates.
      const immutable = /^assets\/.+-[A-Za-z0-9]{8}\.(js|css)$/.test(wanted);
      return reply.headers({ ...SECURITY_HEADERS, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' })
        .sendFile(path.relative(dir, file));
    }
    // A path with an extension is a missing file, not a client-side route.
    if (path.extname(wanted)) throw new ApiError('NOT_FOUND', 'No such file.');
    return page(request, reply);
  });
}
