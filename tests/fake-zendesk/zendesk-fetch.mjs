// A fetch for tests that must use Zendesk's real URLs: a request to
// https://{sub}.zendesk.com/... goes to the fake over loopback with
// `Host: {sub}.zendesk.com` and `X-Forwarded-Proto: https`, so the fake builds its
// links as Zendesk would (`https://acme.zendesk.com:443/...` where recordings
// show the port). fetch itself cannot do this: Host is a header it will not send.
//
// Any other URL goes to the global fetch unchanged. Redirects are returned, not
// followed. The answer is a real Response, so repeated headers read the way
// fetch's Headers reads them ("abc, abc").

import http from "node:http";

const ZENDESK_HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.zendesk\.com$/;

/** A fetch-compatible function that sends https://{sub}.zendesk.com requests to the fake on `port`. */
export function zendeskFetchFor(port) {
  return async function zendeskFetch(input, init = {}) {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== "https:" || !ZENDESK_HOST.test(url.hostname) || (url.port !== "" && url.port !== "443")) {
      return globalThis.fetch(request);
    }
    const headers = Object.fromEntries(request.headers);
    headers.host = url.hostname;
    headers["x-forwarded-proto"] = "https";
    const body = request.body === null ? null : Buffer.from(await request.arrayBuffer());
    if (body) headers["content-length"] = String(body.length);
    return new Promise((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, method: request.method, path: url.pathname + url.search, headers, agent: false }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const out = new Headers();
          for (let i = 0; i < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
          const noBody = res.statusCode === 204 || res.statusCode === 304 || request.method === "HEAD";
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status: res.statusCode, headers: out }));
        });
      });
      req.on("error", reject);
      request.signal?.addEventListener("abort", () => req.destroy(request.signal.reason), { once: true });
      req.end(body ?? undefined);
    });
  };
}
