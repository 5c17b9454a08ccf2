// The README and docs/ stay true: every command they show as runnable runs, every relative link
// and picture resolves, and the README stays short enough to read first.
//
// The convention, for whoever writes the docs:
// - a fenced block whose language is `sh` is runnable: each line is a command, run by bash in the
//   handouts folder (a copy of it, with a home folder of its own, so `~` and output/ are
//   scratch), in the order the page gives them; a command the table below skips is named there
//   with the reason;
// - comment lines straight after a command are what it prints: each is a line of its output;
// - a fenced block with `file=PATH` after its language (```yaml file=~/guide.yaml) is written to
//   PATH before the page's commands run;
// - anything else (`text` for a command's synopsis, `ts`, `yaml` without `file=`) is shown only.
import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import GithubSlugger from 'github-slugger';
import MarkdownIt, { type Token } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { temporaryFolder } from './helpers/build.js';

const ROOT = resolve(import.meta.dirname, '..');
const PAGES = ['README.md', ...(await readdir(join(ROOT, 'docs'))).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)];

/** Commands a page shows that the test does not run, each with why. */
const SKIPPED = new Map([
  ['npm ci', 'installs every package from the registry (a minute, over the network); .ci/run runs it on a clean clone before every test run'],
  ['npm test', 'the suite this test is part of'],
  ['npx handouts serve', 'serves until Ctrl-C; tests/server and tests/e2e start the server and use its pages'],
  ['npm run bench', 'takes minutes and measures the machine; it is not part of npm test'],
]);

/** What the sandbox copies from the handouts folder: enough to compile, build and run the command line. */
const COPIED = ['package.json', 'bin', 'dist', 'guides', 'templates', 'src', 'scripts', 'tsconfig.json'];

const markdown = new MarkdownIt();

interface Command {
  line: number;
  text: string;
  prints: string[];
}

interface File {
  path: string;
  content: string;
}

async function tokensOf(page: string): Promise<Token[]> {
  return markdown.parse(await readFile(join(ROOT, page), 'utf8'), {});
}

function fences(tokens: Token[]): Token[] {
  return tokens.filter((token) => token.type === 'fence');
}

/** The commands of a runnable block: continued lines joined, comment lines after a command kept as what it prints. */
function commandsOf(fence: Token): Command[] {
  const commands: Command[] = [];
  const lines = fence.content.replace(/\\\n\s*/g, ' ').split('\n');
  lines.forEach((text, index) => {
    const line = fence.map![0] + 2 + index;
    if (text.trim() === '') return;
    if (text.trimStart().startsWith('#')) commands.at(-1)?.prints.push(text.trim().replace(/^#\s*/, ''));
    else commands.push({ line, text: text.trim(), prints: [] });
  });
  return commands;
}

/** The files a page's blocks give (```yaml file=PATH). */
function filesOf(tokens: Token[]): File[] {
  return fences(tokens).flatMap((fence) => {
    const file = fence.info.trim().split(/\s+/).find((attribute) => attribute.startsWith('file='));
    return file ? [{ path: file.slice('file='.length), content: fence.content }] : [];
  });
}

/** A page's runnable commands, in its order. */
function runnableCommandsOf(tokens: Token[]): Command[] {
  return fences(tokens)
    .filter((fence) => fence.info.trim() === 'sh')
    .flatMap(commandsOf);
}

function withoutComment(command: string): string {
  return command.replace(/\s+#.*$/, '');
}

/** The commands a line chains (`a && b`). */
function partsOf(command: string): string[] {
  return withoutComment(command)
    .split(' && ')
    .map((part) => part.trim());
}

/** The parts of a command that run, leaving out those the table skips. */
function partsToRun(command: string): string[] {
  return partsOf(command).filter((part) => !SKIPPED.has(part));
}

/** A copy of the handouts folder to run a page's commands in, sharing the installed packages. */
async function sandbox(): Promise<{ folder: string; home: string }> {
  const root = await temporaryFolder('handouts-docs-');
  const folder = join(root, 'handouts');
  const home = join(root, 'home');
  await mkdir(home, { recursive: true });
  for (const entry of COPIED) await cp(join(ROOT, entry), join(folder, entry), { recursive: true, preserveTimestamps: true });
  await symlink(join(ROOT, 'node_modules'), join(folder, 'node_modules'));
  return { folder, home };
}

function bash(command: string, folder: string, home: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', command], {
      cwd: folder,
      env: { ...process.env, HOME: home, HANDOUTS_CACHE_DIR: join(home, 'cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

function expandHome(path: string, home: string, folder: string): string {
  return path.startsWith('~/') ? join(home, path.slice(2)) : resolve(folder, path);
}

describe.each(PAGES)('%s', (page) => {
  it('runs every command it shows', { timeout: 600_000 }, async () => {
    const tokens = await tokensOf(page);
    const { folder, home } = await sandbox();
    for (const file of filesOf(tokens)) {
      const path = expandHome(file.path, home, folder);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content);
    }
    for (const command of runnableCommandsOf(tokens)) {
      for (const part of partsToRun(command.text)) {
        const { code, output } = await bash(part, folder, home);
        const where = `${page}:${command.line}: ${part}`;
        expect(code, `${where}\n${output}`).toBe(0);
        const printed = output.split('\n').map((line) => line.trim());
        for (const line of command.prints) expect(printed, `${where}\n${output}`).toContain(line);
      }
    }
  });

  it('links only to files and headings that exist', async () => {
    const broken: string[] = [];
    for (const target of linksOf(await tokensOf(page))) {
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const file = path === '' ? join(ROOT, page) : resolve(join(ROOT, dirname(page)), decodeURI(path));
      if (!(await exists(file))) broken.push(`${target}: no such file`);
      else if (anchor !== undefined && !(await anchorsOf(file)).has(anchor)) broken.push(`${target}: no heading #${anchor} in ${relative(ROOT, file)}`);
    }
    expect(broken).toEqual([]);
  });
});

describe('the README', () => {
  it('starts with the person: under 200 lines, showing the set-up and the test command', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThan(200);
    const commands = runnableCommandsOf(await tokensOf('README.md')).map((command) => withoutComment(command.text));
    expect(commands).toContain('npm ci && npm run build');
    expect(commands).toContain('npm test');
  });

  it('links every page of docs/', async () => {
    const linked = new Set(linksOf(await tokensOf('README.md')).map((target) => target.split('#')[0]));
    expect(PAGES.filter((page) => page !== 'README.md' && !linked.has(page))).toEqual([]);
  });
});

it('skips only commands some page shows', async () => {
  const shown = new Set<string>();
  for (const page of PAGES) {
    for (const command of runnableCommandsOf(await tokensOf(page))) partsOf(command.text).forEach((part) => shown.add(part));
  }
  expect([...SKIPPED.keys()].filter((command) => !shown.has(command))).toEqual([]);
});

/** Every relative link and picture of a page, outside code. */
function linksOf(tokens: Token[]): string[] {
  const targets = tokens
    .flatMap((token) => token.children ?? [])
    .flatMap((child) => {
      if (child.type === 'link_open') return [String(child.attrGet('href'))];
      if (child.type === 'image') return [String(child.attrGet('src'))];
      return [];
    });
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** The anchors GitHub gives a Markdown file's headings. */
async function anchorsOf(file: string): Promise<Set<string>> {
  if (!file.endsWith('.md')) return new Set();
  const tokens = markdown.parse(await readFile(file, 'utf8'), {});
  const slugger = new GithubSlugger();
  const headings = tokens.flatMap((token, index) => (token.type === 'heading_open' ? [tokens[index + 1]!] : []));
  return new Set(headings.map((heading) => slugger.slug(textOf(heading))));
}

/** An inline token's words as a reader sees them, without Markdown's marks. */
function textOf(inline: Token): string {
  return (inline.children ?? []).map((child) => (child.type === 'text' || child.type === 'code_inline' ? child.content : '')).join('');
}
