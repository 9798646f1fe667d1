CREATE TABLE "tombstones" (
	"iri" text PRIMARY KEY NOT NULL,
	"deleted_by" text NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL
);
