// Routes of the web console: sign-in sessions, console users and the console's own files.
import { z } from 'zod';
import { ADMIN_ROLES } from '../store/store.js';
import { DeviceTimelineQuery } from '../routes/device-timeline.js';
import { LoginBody } from '../routes/session.js';
import { UserBody, UserChangeBody } from '../routes/users.js';
import type { RouteDoc } from './route-docs.js';

const Time = z.string().describe('ISO-8601');
const User = z.object({
  id: z.string(), username: z.string(), role: z.enum(ADMIN_ROLES), disabled: z.boolean(), createdAt: Time, lastLoginAt: z.union([Time, z.null()]),
});
const Session = z.object({
  user: z.object({ id: z.string(), username: z.string(), role: z.enum(ADMIN_ROLES) }),
  csrfToken: z.string().describe('Send as X-CSRF-Token on every cookie-authenticated request that is not GET or HEAD.'),
  expiresAt: Time,
});

export const CONSOLE_ROUTE_DOCS: RouteDoc[] = [
  {
    method: 'POST', path: '/api/v1/session', summary: 'Sign in to the console: sets the fw_session cookie (HttpOnly, SameSite=Strict). Rate limited per client address.',
    access: 'public', body: LoginBody, responses: { 200: { description: 'Signed in.', schema: Session } }, errors: [400, 401, 413, 415, 429],
  },
  {
    method: 'GET', path: '/api/v1/session', summary: 'Who is signed in (fw_session cookie), with the CSRF token for changes.',
    access: 'public', responses: { 200: { description: 'The session.', schema: Session } }, errors: [401],
  },
  {
    method: 'DELETE', path: '/api/v1/session', summary: 'Sign out (needs X-CSRF-Token when a session cookie is sent).',
    access: 'public', responses: { 204: { description: 'Signed out; the cookie is cleared.' } }, errors: [403],
  },
  {
    method: 'GET', path: '/api/v1/users', summary: 'Console users.', access: 'admin',
    responses: { 200: { description: 'Every user, by username.', schema: z.object({ users: z.array(User) }) } },
  },
  {
    method: 'POST', path: '/api/v1/users', summary: 'Create a console user (password generated and answered once when omitted).', access: 'admin', body: UserBody,
    responses: { 201: { description: 'The user, and the generated password if any.', schema: z.object({ user: User, password: z.string().optional() }) } },
    errors: [400, 409, 413, 415],
  },
  {
    method: 'PATCH', path: '/api/v1/users/:id', summary: "Change a user's role, disable or enable it, or set a new password (\"generate\": answered once); a new password or disabling ends its sessions.",
    access: 'admin', body: UserChangeBody,
    responses: { 200: { description: 'The user, and the generated password if any.', schema: z.object({ user: User, password: z.string().optional() }) } },
    errors: [400, 404, 409, 413, 415],
  },
  {
    method: 'DELETE', path: '/api/v1/users/:id', summary: 'Delete a console user and end its sessions (not yourself).', access: 'admin',
    responses: { 200: { description: 'The deleted user.', schema: z.object({ user: User }) } }, errors: [404, 409],
  },
  {
    method: 'GET', path: '/api/v1/devices/:id/reports', summary: "A device's timeline: its stored reports, newest first, with their findings (no evidence).",
    access: 'viewer', query: DeviceTimelineQuery,
    responses: { 200: { description: 'A page of reports.', schema: z.object({
      reports: z.array(z.object({
        reportId: z.string(), receivedAt: Time, scannedAt: z.string(),
        findings: z.array(z.object({ signal: z.string(), severity: z.string(), subject: z.string(), summary: z.string() })),
      })),
      total: z.number().int(), limit: z.number().int(), offset: z.number().int(),
    }) } },
    errors: [400, 404],
  },
  {
    method: 'GET', path: '/', summary: 'The web console (HTML).', access: 'public',
    responses: { 200: { description: 'The console page.' } }, errors: [404],
  },
  {
    method: 'GET', path: '/*', summary: "The console's files, and its page for any other path outside /api/ (client-side routes).", access: 'public',
    responses: { 200: { description: 'A file of the console, or the console page.' } }, errors: [404],
  },
];
