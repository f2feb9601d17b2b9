CREATE TABLE "documents" (
	"storage_name" text PRIMARY KEY NOT NULL,
	"key_version" integer NOT NULL,
	"envelope" "bytea" NOT NULL,
	"updated_time" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reencryption_cursor" (
	"name" text PRIMARY KEY NOT NULL,
	"envelope" "bytea",
	"updated_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "salt_checks" (
	"version" integer PRIMARY KEY NOT NULL,
	"envelope" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE INDEX "documents_key_version_index" ON "documents" USING btree ("key_version");