import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import type { Translator } from "../i18n/translator.ts";

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
}

interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

/**
 * A reference page made from the OpenAPI document on the server: no script, no CDN, so it works
 * offline and under the site's Content-Security-Policy. The page's own words are in the reader's
 * language; the reference itself (the document's summaries) is in English.
 */
export function docsPage(document: OpenApiDocument, t: Translator) {
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  const tags = [...new Set(operations.map((o) => o.operation.tags?.[0] ?? "Other"))];
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={t.lang} dir={t.dir}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{document.info.title}</title>
          <link rel="stylesheet" href="/static/style.css" />
        </head>
        <body>
          <main>
            <h1>
              {document.info.title} <span class="muted">{document.info.version}</span>
            </h1>
            <p lang="en">{document.info.description}</p>
            <p>
              {t.rich("docs.base", {
                base: <code>/api/v1</code>,
                document: <a href="/api/openapi.json">/api/openapi.json</a>,
              })}
            </p>
            <nav aria-label={t("docs.sections")}>
              {tags.map((tag) => (
                <a href={`#${tag}`} class="tag-link">
                  {tag}
                </a>
              ))}
            </nav>
            {tags.map((tag) => (
              <section id={tag}>
                <h2>{tag}</h2>
                {operations
                  .filter((o) => (o.operation.tags?.[0] ?? "Other") === tag)
                  .map((o) => (
                    <OperationCard {...o} t={t} />
                  ))}
              </section>
            ))}
            <h2>{t("docs.schemas")}</h2>
            {Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => (
              <details id={`schema-${name}`}>
                <summary>{name}</summary>
                <pre>{JSON.stringify(schema, null, 2)}</pre>
              </details>
            ))}
          </main>
        </body>
      </html>
    </>
  );
}

const OperationCard: FC<{ path: string; method: string; operation: Operation; t: Translator }> = ({
  path,
  method,
  operation,
  t,
}) => {
  const schema = operation.requestBody?.content?.["application/json"]?.schema;
  return (
    <article class="post">
      <h3>
        <code>
          {method.toUpperCase()} {path}
        </code>
      </h3>
      <p lang="en">{operation.summary}</p>
      {operation.parameters?.length ? (
        <ul>
          {operation.parameters.map((p) => (
            <li>
              <code>{p.name}</code> ({p.in}
              {p.required ? `, ${t("docs.required")}` : ""})
              {p.description ? ` — ${p.description}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {schema ? (
        <details>
          <summary>{t("docs.request-body")}</summary>
          <pre>{JSON.stringify(schema, null, 2)}</pre>
        </details>
      ) : null}
      <p class="muted">
        {t("docs.responses")}{" "}
        {Object.entries(operation.responses ?? {})
          .map(([status, r]) => `${status} ${r.description ?? ""}`)
          .join(" · ")}
      </p>
    </article>
  );
};
