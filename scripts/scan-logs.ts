/**
 * Scans every log written during a test run for things that must never be logged: the demo password,
 * every password, session token, CSRF token, TOTP secret, code and recovery code the tests used (the
 * harness records them), and anything shaped like a mainland mobile number or resident ID number.
 * Exit code 0 when clean, 1 with the offending lines otherwise.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve('.test-output');
const logDir = path.join(root, 'logs');
const secretDir = path.join(root, 'secrets');

const read = (dir: string) => (existsSync(dir) ? readdirSync(dir).map((f) => path.join(dir, f)) : []);
const logs = read(logDir).filter((f) => f.endsWith('.log'));
const secrets = new Set<string>(['Tongxing@2026']);
for (const f of read(secretDir)) for (const line of readFileSync(f, 'utf8').split('\n')) if (line.trim().length >= 6) secrets.add(line.trim());

const patterns: [string, RegExp][] = [
  ['mobile number', /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/],
  ['resident ID number', /(?<![0-9A-Za-z])[1-9]\d{5}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/],
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A secret counts where it stands as a whole token: a six-digit code inside a timestamp is not a leak.
const secretPatterns = [...secrets].map((s) => ({ s, re: new RegExp(`(?<![A-Za-z0-9])${escape(s)}(?![A-Za-z0-9])`) }));

let lines = 0;
const findings: string[] = [];
for (const file of logs) {
  const text = readFileSync(file, 'utf8');
  const fileLines = text.split('\n');
  lines += fileLines.length;
  fileLines.forEach((line, i) => {
    for (const { s, re } of secretPatterns) if (line.includes(s) && re.test(line)) findings.push(`${path.basename(file)}:${i + 1} contains a secret the tests used (${s.slice(0, 3)}…)`);
    for (const [name, re] of patterns) if (re.test(line)) findings.push(`${path.basename(file)}:${i + 1} contains a ${name}: ${line.slice(0, 160)}`);
  });
}

if (logs.length === 0 || lines < 100) {
  console.log(`log scan: only ${logs.length} log files / ${lines} lines found — the run wrote too little to prove anything`);
  process.exit(1);
}
if (findings.length > 0) {
  console.log(`log scan: ${findings.length} finding(s) in ${logs.length} files`);
  for (const f of findings.slice(0, 50)) console.log(`  ${f}`);
  process.exit(1);
}
console.log(`log scan: ${logs.length} log files, ${lines} lines, checked against ${secrets.size} secrets and 2 personal-number patterns — clean`);
