import { raw } from "hono/html";
import type { FC } from "hono/jsx";

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
 * offline and under the site's Content-Security-Policy.
 */
export function docsPage(document: OpenApiDocument) {
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  const tags = [...new Set(operations.map((o) => o.operation.tags?.[0] ?? "Other"))];
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en">
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
            <p>{document.info.description}</p>
            <p>
              Base URL <code>/api/v1</code> · machine-readable:{" "}
              <a href="/api/openapi.json">/api/openapi.json</a>
            </p>
            <nav aria-label="Sections">
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
                    <OperationCard {...o} />
                  ))}
              </section>
            ))}
            <h2>Schemas</h2>
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

const OperationCard: FC<{ path: string; method: string; operation: Operation }> = ({
  path,
  method,
  operation,
}) => {
  const schema = operation.requestBody?.content?.["application/json"]?.schema;
  return (
    <article class="post">
      <h3>
        <code>
          {method.toUpperCase()} {path}
        </code>
      </h3>
      <p>{operation.summary}</p>
      {operation.parameters?.length ? (
        <ul>
          {operation.parameters.map((p) => (
            <li>
              <code>{p.name}</code> ({p.in}
              {p.required ? ", required" : ""}){p.description ? ` — ${p.description}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {schema ? (
        <details>
          <summary>Request body</summary>
          <pre>{JSON.stringify(schema, null, 2)}</pre>
        </details>
      ) : null}
      <p class="muted">
        Responses:{" "}
        {Object.entries(operation.responses ?? {})
          .map(([status, r]) => `${status} ${r.description ?? ""}`)
          .join(" · ")}
      </p>
    </article>
  );
};
