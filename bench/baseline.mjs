// The hand-written baseline: what "ten lines of JS" do. It validates nothing.
export function basicHeader(email, token) {
  return "Basic " + btoa(email + "/token:" + token);
}
