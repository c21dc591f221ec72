/**
 * A private OpenLDAP server for tests: slapd from Debian's package, started on a free loopback
 * port from a slapd.conf generated in a temporary folder (core, cosine, inetorgperson and nis
 * schemas; an mdb database; a root DN), seeded with ldapadd, stopped by its pid. No daemon of the
 * system is used or left running. Without slapd installed it fails, saying how to install it.
 *
 * The seeded directory (suffix dc=flowdesk,dc=test):
 *   ou=services  cn=flowdesk-reader   the service account that may read everything
 *   ou=people    alice, bob (display name 李波), carol   inetOrgPerson, with passwords
 *   ou=groups    service-desk (alice, bob), flowdesk-admins (alice), flowdesk-agents (alice, bob):
 *                groupOfNames; network (carol): posixGroup with memberUid
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const SLAPD = '/usr/sbin/slapd';
const SUFFIX = 'dc=flowdesk,dc=test';
const ROOT_DN = `cn=admin,${SUFFIX}`;
const ROOT_PASSWORD = 'root-secret-for-tests';

export const LDAP_SERVICE = { dn: `cn=flowdesk-reader,ou=services,${SUFFIX}`, password: 'reader-secret-for-tests' };

/** The seeded users, with their passwords. */
export const LDAP_USERS = {
  alice: { login: 'alice', dn: `uid=alice,ou=people,${SUFFIX}`, password: 'alice-directory-password', name: 'Alice Martin', email: 'alice@flowdesk.test' },
  bob: { login: 'bob', dn: `uid=bob,ou=people,${SUFFIX}`, password: 'bob-directory-password', name: '李波', email: 'bob@flowdesk.test' },
  carol: { login: 'carol', dn: `uid=carol,ou=people,${SUFFIX}`, password: 'carol-directory-password', name: 'Carol Dubois', email: 'carol@flowdesk.test' },
} as const;

export interface LdapTestServer {
  url: string;
  suffix: string;
  /** The FLOWDESK_LDAP_* variables for this server (group roles: flowdesk-admins → admin, flowdesk-agents → agent). */
  env(organization: string, overrides?: Record<string, string>): Record<string, string>;
  /** Applies LDIF as the root DN (ldapmodify: entries without a changetype are added). */
  apply(ldif: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startLdapServer(): Promise<LdapTestServer> {
  if (!existsSync(SLAPD)) {
    throw new Error(`slapd is not installed (${SLAPD} is missing): run "DEBIAN_FRONTEND=noninteractive apt-get install -y slapd ldap-utils" (.ci/run does)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-slapd-'));
  mkdirSync(join(dir, 'data'));
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  writeFileSync(join(dir, 'slapd.conf'), await slapdConf(dir));
  const slapd = spawn(SLAPD, ['-f', join(dir, 'slapd.conf'), '-h', `${url}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  slapd.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const stop = async (): Promise<void> => {
    await stopProcess(slapd);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, slapd, () => output);
    const apply = async (ldif: string): Promise<void> => {
      const file = join(dir, `change-${Date.now()}-${Math.random().toString(36).slice(2)}.ldif`);
      writeFileSync(file, ldif);
      await run('ldapmodify', ['-a', '-x', '-H', url, '-D', ROOT_DN, '-w', ROOT_PASSWORD, '-f', file]);
    };
    await apply(await seedLdif());
    return {
      url,
      suffix: SUFFIX,
      env: (organization, overrides = {}) => ({
        FLOWDESK_LDAP_URL: url,
        FLOWDESK_LDAP_BIND_DN: LDAP_SERVICE.dn,
        FLOWDESK_LDAP_BIND_PASSWORD: LDAP_SERVICE.password,
        FLOWDESK_LDAP_BASE_DN: `ou=people,${SUFFIX}`,
        FLOWDESK_LDAP_GROUP_BASE: `ou=groups,${SUFFIX}`,
        FLOWDESK_LDAP_GROUP_ROLES: JSON.stringify({ 'flowdesk-admins': 'admin', 'flowdesk-agents': ['agent'] }),
        FLOWDESK_LDAP_ORGANIZATION: organization,
        FLOWDESK_LDAP_TIMEOUT_MS: '5000',
        ...overrides,
      }),
      apply,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function hashed(password: string): Promise<string> {
  return (await run('/usr/sbin/slappasswd', ['-s', password])).stdout.trim();
}

async function slapdConf(dir: string): Promise<string> {
  return `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
pidfile ${join(dir, 'slapd.pid')}
argsfile ${join(dir, 'slapd.args')}
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 16777216
suffix "${SUFFIX}"
rootdn "${ROOT_DN}"
rootpw ${await hashed(ROOT_PASSWORD)}
directory ${join(dir, 'data')}
index objectClass eq
index uid eq
access to attrs=userPassword
  by self write
  by anonymous auth
  by * none
access to *
  by dn.exact="${LDAP_SERVICE.dn}" read
  by self read
  by * none
`;
}

async function seedLdif(): Promise<string> {
  const person = async (user: (typeof LDAP_USERS)[keyof typeof LDAP_USERS], sn: string, phone: string) => `dn: ${user.dn}
objectClass: inetOrgPerson
uid: ${user.login}
cn: ${user.login}
sn: ${sn}
displayName:: ${Buffer.from(user.name, 'utf8').toString('base64')}
mail: ${user.email}
telephoneNumber: ${phone}
userPassword: ${await hashed(user.password)}
`;
  const group = (cn: string, members: string[]) => `dn: cn=${cn},ou=groups,${SUFFIX}
objectClass: groupOfNames
cn: ${cn}
${members.map((m) => `member: ${m}`).join('\n')}
`;
  const entries = [
    `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: flowdesk\no: Flowdesk tests\n`,
    `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ou=groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n`,
    `dn: ou=services,${SUFFIX}\nobjectClass: organizationalUnit\nou: services\n`,
    `dn: ${LDAP_SERVICE.dn}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: flowdesk-reader\nuserPassword: ${await hashed(LDAP_SERVICE.password)}\n`,
    await person(LDAP_USERS.alice, 'Martin', '+33 1 23 45 67 89'),
    await person(LDAP_USERS.bob, 'Li', '+86 10 1234 5678'),
    await person(LDAP_USERS.carol, 'Dubois', '+33 4 56 78 90 12'),
    group('service-desk', [LDAP_USERS.alice.dn, LDAP_USERS.bob.dn]),
    group('flowdesk-admins', [LDAP_USERS.alice.dn]),
    group('flowdesk-agents', [LDAP_USERS.alice.dn, LDAP_USERS.bob.dn]),
    `dn: cn=network,ou=groups,${SUFFIX}\nobjectClass: posixGroup\ncn: network\ngidNumber: 5000\nmemberUid: carol\n`,
  ];
  return entries.join('\n');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`slapd exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isOpen) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`slapd did not listen on port ${port} within 15 s:\n${output()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
