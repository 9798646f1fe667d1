// Runs before `npm start` and `npm test`: Fedify 2 and Vitest need Node.js 22 or newer, and
// without this check an older Node fails later with an obscure syntax or import error.
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(
    `Hubnet needs Node.js 22 or newer; this is ${process.version}. Install a current Node.js ` +
      "(https://nodejs.org, or `nvm install` in this folder, which reads .nvmrc).",
  );
  process.exit(1);
}
