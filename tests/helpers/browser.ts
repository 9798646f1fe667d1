import type { TestInstance } from "./instance.ts";

/**
 * A browser stand-in for form flows: keeps cookies between requests, sends the page's CSRF token
 * with each form, and does not follow redirects (tests look at them).
 */
export class FormClient {
  lastSetCookies: string[] = [];

  /** Clients sharing `cookies` are one browser visiting several instances on one host name. */
  constructor(
    private readonly instance: TestInstance,
    readonly cookies = new Map<string, string>(),
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(path, { headers: { accept: "text/html", ...headers } });
  }

  /** Loads `formPage`, then posts `fields` plus the CSRF token it carried to `action`. */
  async submit(
    formPage: string,
    action: string,
    fields: Record<string, string>,
  ): Promise<Response> {
    const page = await (await this.get(formPage)).text();
    const token = page.match(/name="_csrf" value="([^"]+)"/)?.[1];
    if (token == null) throw new Error(`no CSRF token on ${formPage}`);
    return this.post(action, { _csrf: token, ...fields });
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.send(path, {
      method: "POST",
      body: new URLSearchParams(fields),
      // Browsers send the page's origin with every form (the site's Referrer-Policy allows it).
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "text/html",
        origin: this.instance.origin,
        ...headers,
      },
    });
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const headers = new Headers(init.headers);
    if (cookie) headers.set("cookie", cookie);
    const response = await this.instance.request(path, { ...init, headers, redirect: "manual" });
    this.lastSetCookies = response.headers.getSetCookie();
    for (const line of this.lastSetCookies) {
      const [pair = ""] = line.split(";");
      const [name = "", value = ""] = pair.split("=");
      if (/Max-Age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}
