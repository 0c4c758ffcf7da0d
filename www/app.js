// Minimal demo: validates as you type and shows the header, masked.
import init, { validate, buildAuthorizationHeader, redact } from "./pkg/browser.mjs";

await init();
const form = document.getElementById("credentials");
const list = document.getElementById("diagnostics");
const output = document.getElementById("header");

function render() {
  const values = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ""));
  const result = validate(values);
  list.replaceChildren(...result.diagnostics.map((d) => {
    const li = document.createElement("li");
    li.className = d.severity;
    li.textContent = `${d.severity} (${d.field}, ${d.code}): ${d.message}`;
    const hint = document.createElement("span");
    hint.className = "hint";
    hint.textContent = d.hint;
    li.append(hint);
    return li;
  }));
  try {
    output.textContent = redact(`Authorization: ${buildAuthorizationHeader(values)}`);
  } catch (e) {
    output.textContent = `${e.code}: ${e.message}`;
  }
}
form.addEventListener("input", render);
render();
