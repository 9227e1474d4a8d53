// electron-builder afterPack hook: put the Electron build of better-sqlite3 (made by
// scripts/electron-native.mjs into .native/electron/) into the packaged app, replacing the Node build
// that came from node_modules. Runs before the fuses are flipped and the app is signed.
const fs = require('node:fs');
const path = require('node:path');

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal']; // builder-util's Arch enum order

function resourcesDir(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'Resources');
  }
  return path.join(appOutDir, 'resources');
}

exports.default = async function afterPack(context) {
  const projectDir = context.packager.projectDir;
  const nativeDir = path.join(projectDir, '.native', 'electron');
  const built = path.join(nativeDir, 'better_sqlite3.node');
  if (!fs.existsSync(built)) {
    throw new Error('.native/electron/better_sqlite3.node is missing: run `node scripts/electron-native.mjs` (npm run dist does) first.');
  }
  const stamp = JSON.parse(fs.readFileSync(path.join(nativeDir, 'stamp.json'), 'utf8'));
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  if (stamp.platform !== platform || stamp.arch !== arch) {
    throw new Error(
      `better-sqlite3 was built for ${stamp.platform}-${stamp.arch} but this package is ${platform}-${arch}; ` +
        'build each installer on its own platform.',
    );
  }
  const target = path.join(resourcesDir(context), 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (!fs.existsSync(path.dirname(target))) {
    throw new Error(`better-sqlite3 was not unpacked from the asar (expected ${path.dirname(target)}); check asarUnpack in electron-builder.yml.`);
  }
  fs.copyFileSync(built, target);
  console.log(`  • afterPack: better-sqlite3 for Electron ${stamp.electron} -> ${path.relative(context.appOutDir, target)}`);
};
