CREATE TABLE "grants" (
	"group_key" text NOT NULL,
	"grantee_key" text NOT NULL,
	"key_version" integer NOT NULL,
	"envelope" "bytea" NOT NULL,
	CONSTRAINT "grants_group_key_grantee_key_pk" PRIMARY KEY("group_key","grantee_key")
);
--> statement-breakpoint
CREATE TABLE "invitation_counts" (
	"group_key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"group_key" text NOT NULL,
	"email_key" text NOT NULL,
	"key_version" integer NOT NULL,
	"status" text NOT NULL,
	"created_time" timestamp with time zone NOT NULL,
	"expires_time" timestamp with time zone NOT NULL,
	"envelope" "bytea" NOT NULL,
	CONSTRAINT "invitations_status_check" CHECK ("invitations"."status" in ('pending', 'accepted', 'declined', 'canceled'))
);
--> statement-breakpoint
CREATE INDEX "grants_grantee_key_index" ON "grants" USING btree ("grantee_key");--> statement-breakpoint
CREATE INDEX "invitations_group_key_index" ON "invitations" USING btree ("group_key");--> statement-breakpoint
CREATE INDEX "invitations_email_key_index" ON "invitations" USING btree ("email_key");