// `npm run -s token -- --resident-id <id> --name <name>` or `-- --uscc <code> --name <name>`:
// mints an applicant token from the local dev issuer (the key in the data dir) and prints it.
// `npm run -s token -- --supervisor --name <name>` mints a supervisor's (GET /supervision/stats),
// `npm run -s token -- --officer --department SCJGJ --name <name>` an officer's (the department desk).
// With PORT set (as for npm start), the token is for the stack running on that port.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_ISSUER_KEY_FILE, openDevIssuer, type DevClaims } from './dev-issuer.ts';
import { runningStackDataDir } from './running-stack.ts';

const { values } = parseArgs({
  options: {
    'resident-id': { type: 'string' },
    uscc: { type: 'string' },
    name: { type: 'string', default: '测试申请人' },
    sub: { type: 'string' },
    agent: { type: 'boolean', default: false },
    supervisor: { type: 'boolean', default: false },
    officer: { type: 'boolean', default: false },
    department: { type: 'string' },
    'ttl-seconds': { type: 'string', default: '28800' },
  },
});
const residentId = values['resident-id']?.toUpperCase();
const hasIdentity = residentId !== undefined || values.uscc !== undefined;
const staff = values.supervisor || values.officer;
const valid = staff
  ? !hasIdentity && !values.agent && !(values.supervisor && values.officer) && (values.officer ? values.department !== undefined : values.department === undefined)
  : (residentId === undefined) !== (values.uscc === undefined) && values.department === undefined;
if (!valid) {
  console.error(
    'usage: npm run -s token -- (--resident-id <18-char id> | --uscc <18-char code>) [--name <name>] [--sub <subject>] [--agent]\n' +
      '       npm run -s token -- --supervisor [--name <name>] [--sub <subject>]\n' +
      '       npm run -s token -- --officer --department <code> [--name <name>] [--sub <subject>]',
  );
  process.exit(2);
}
const sub = values.sub ? { sub: values.sub } : {};
const claims: DevClaims = values.supervisor
  ? { name: values.name, role: 'supervisor', ...sub }
  : values.officer
    ? { name: values.name, role: 'officer', department: values.department as string, ...sub }
    : {
        name: values.name,
        ...(residentId ? { resident_id: residentId } : { uscc: values.uscc }),
        ...sub,
        ...(values.agent ? { role: 'agent' as const } : {}),
      };
// The issuer of the stack that will check the token: DATA_DIR when given, else the data dir of the
// `npm start` running on PORT (default 3000, as npm start), else the default data dir.
const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.DATA_DIR || ((await runningStackDataDir(port)) ?? join(import.meta.dirname, '..', '..', '.local', 'data')));
if (!existsSync(join(dataDir, DEV_ISSUER_KEY_FILE))) {
  console.error(`note: no stack has used ${dataDir} yet, so its dev issuer is new; a stack running with another DATA_DIR answers this token with 401 (start it first, or set PORT or DATA_DIR to the stack's)`);
}
const issuer = await openDevIssuer(dataDir);
process.stdout.write(`${await issuer.mint(claims, Number(values['ttl-seconds']))}\n`);
