// Gives the .wasm's imports and exports one- or two-letter names, and the glues the
// same names. wasm-bindgen names an import after its Rust function plus a 16-digit hash
// (`__wbg_valueAt_beb5eac1ebae3fcf`) under the module "./zendesk_auth_bg.js", and a
// closure's export after its whole Rust type (over 300 characters); each name is written
// in the .wasm and again in the glue, and the hashes do not compress. Short names took
// 3,561 bytes gzip off the client's browser download (65,046 to 61,485) and 930 off the
// core's (25,208 to 24,278).
//
// `memory` keeps its name (tests and benchmarks read the module's memory through
// init()), and so does `za_allocations` (the alloc-count build's counter).
//   node scripts/short-names.mjs <module.wasm> <glue.js>...
// The .wasm is rewritten in place, and so is each glue, which must be wasm-bindgen's
// unminified output (the renaming finds `name: function` keys in __wbg_get_imports and
// `wasm.name` accesses). Every old name must be found in every glue and none may be
// left, or the build fails.
import { readFileSync, writeFileSync } from "node:fs";

const KEEP = new Set(["memory", "za_allocations"]);
const MODULE = "./zendesk_auth_bg.js";
const SHORT_MODULE = "m";

const [wasmPath, ...gluePaths] = process.argv.slice(2);
const bytes = readFileSync(wasmPath);

function readU32(at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [value >>> 0, at];
}
function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}
const utf8 = (text) => [...Buffer.from(text, "utf8")];
function readName(at) {
  const [length, start] = readU32(at);
  return [bytes.toString("utf8", start, start + length), start + length];
}
// Skips an import's description (function, table, memory, global or tag).
function skipDescription(kind, at) {
  const limits = (p) => {
    const flags = bytes[p++];
    [, p] = readU32(p);
    if (flags & 1) [, p] = readU32(p);
    return p;
  };
  switch (kind) {
    case 0: return readU32(at)[1];
    case 1: return limits(at + 1);
    case 2: return limits(at);
    case 3: return at + 2;
    case 4: return readU32(at + 1)[1];
    default: throw new Error(`import kind ${kind} is unknown`);
  }
}

// a..z, A..Z, then two letters: valid identifiers and property keys.
const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
let next = 0;
const shortName = () => {
  let n = next++, name = "";
  do {
    name = letters[n % letters.length] + name;
    n = Math.floor(n / letters.length) - 1;
  } while (n >= 0);
  return KEEP.has(name) || name === SHORT_MODULE ? shortName() : name;
};

const imports = new Map(), exports = new Map();
const out = [...bytes.subarray(0, 8)];
let at = 8;
while (at < bytes.length) {
  const id = bytes[at];
  const [size, start] = readU32(at + 1);
  const end = start + size;
  if (id !== 2 && id !== 7) {
    out.push(...bytes.subarray(at, end));
    at = end;
    continue;
  }
  let [count, p] = readU32(start);
  const body = u32(count);
  for (let i = 0; i < count; i++) {
    if (id === 2) {
      let module, field;
      [module, p] = readName(p);
      [field, p] = readName(p);
      if (module !== MODULE) throw new Error(`an import from ${module}: only ${MODULE} is expected`);
      const kind = bytes[p];
      const descEnd = skipDescription(kind, p + 1);
      if (!imports.has(field)) imports.set(field, shortName());
      body.push(...u32(1), ...utf8(SHORT_MODULE), ...u32(utf8(imports.get(field)).length), ...utf8(imports.get(field)), ...bytes.subarray(p, descEnd));
      p = descEnd;
    } else {
      let name;
      [name, p] = readName(p);
      const [, indexEnd] = readU32(p + 1);
      const short = KEEP.has(name) ? name : shortName();
      if (!KEEP.has(name)) exports.set(name, short);
      body.push(...u32(utf8(short).length), ...utf8(short), ...bytes.subarray(p, indexEnd));
      p = indexEnd;
    }
  }
  if (p !== end) throw new Error(`section ${id} was not read to its end`);
  out.push(id, ...u32(body.length), ...body);
  at = end;
}
writeFileSync(wasmPath, Buffer.from(out));

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
for (const path of gluePaths) {
  let glue = readFileSync(path, "utf8");
  const replace = (pattern, to, what) => {
    const before = glue;
    glue = glue.replace(pattern, to);
    if (glue === before) throw new Error(`${path}: ${what} not found`);
  };
  replace(`"${MODULE}": import0`, `"${SHORT_MODULE}": import0`, "the import module");
  for (const [name, short] of imports) replace(new RegExp(`^(\\s+)${escape(name)}: function`, "m"), `$1${short}: function`, `import ${name}`);
  for (const [name, short] of exports) {
    // An export the glue does not call (the abort handler) is fine; one it calls under
    // its old name would fail at run time.
    glue = glue.replace(new RegExp(`\\bwasm\\.${escape(name)}\\b`, "g"), `wasm.${short}`);
  }
  const left = [
    ...[...imports.keys()].filter((name) => new RegExp(`\\b${escape(name)}\\b`).test(glue)),
    ...[...exports.keys()].filter((name) => new RegExp(`\\bwasm\\.${escape(name)}\\b|["']${escape(name)}["']`).test(glue)),
  ];
  if (left.length) throw new Error(`${path}: still uses ${left.join(", ")} after renaming`);
  writeFileSync(path, glue);
}
console.log(`short-names: ${imports.size} imports and ${exports.size} exports renamed`);
