CREATE TABLE "email_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"userid" text NOT NULL,
	"email_key" text,
	"created_time" timestamp with time zone NOT NULL,
	"expires_time" timestamp with time zone NOT NULL,
	"used_time" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "emails" (
	"email_key" text PRIMARY KEY NOT NULL,
	"userid" text NOT NULL,
	"address" text NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "erasure_steps" (
	"userid" text NOT NULL,
	"service" text NOT NULL,
	"acknowledged_time" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_time" timestamp with time zone NOT NULL,
	CONSTRAINT "erasure_steps_userid_service_pk" PRIMARY KEY("userid","service")
);
--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"kind" text NOT NULL,
	"created_time" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "session_revocations" (
	"sequence" bigserial PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"revoked_time" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"created_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"userid" text,
	"server_name" text,
	"created_time" timestamp with time zone NOT NULL,
	"last_used_time" timestamp with time zone NOT NULL,
	"expires_time" timestamp with time zone NOT NULL,
	CONSTRAINT "sessions_owner_check" CHECK (("sessions"."userid" is null) <> ("sessions"."server_name" is null))
);
--> statement-breakpoint
CREATE TABLE "user_erasures" (
	"userid" text PRIMARY KEY NOT NULL,
	"meta_id" text NOT NULL,
	"meta_hash" text NOT NULL,
	"requested_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"userid" text PRIMARY KEY NOT NULL,
	"username" text,
	"username_key" text,
	"password_hash" text NOT NULL,
	"meta_id" text NOT NULL,
	"meta_hash" text NOT NULL,
	"created_time" timestamp with time zone NOT NULL,
	CONSTRAINT "users_username_key_unique" UNIQUE("username_key"),
	CONSTRAINT "users_meta_id_unique" UNIQUE("meta_id")
);
--> statement-breakpoint
ALTER TABLE "email_tokens" ADD CONSTRAINT "email_tokens_userid_users_userid_fk" FOREIGN KEY ("userid") REFERENCES "users"("userid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_userid_users_userid_fk" FOREIGN KEY ("userid") REFERENCES "users"("userid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_steps" ADD CONSTRAINT "erasure_steps_userid_user_erasures_userid_fk" FOREIGN KEY ("userid") REFERENCES "user_erasures"("userid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_tokens" ADD CONSTRAINT "session_tokens_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_userid_users_userid_fk" FOREIGN KEY ("userid") REFERENCES "users"("userid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_tokens_userid_index" ON "email_tokens" USING btree ("userid");--> statement-breakpoint
CREATE INDEX "emails_userid_index" ON "emails" USING btree ("userid");--> statement-breakpoint
CREATE INDEX "mail_outbox_next_attempt_time_index" ON "mail_outbox" USING btree ("next_attempt_time");--> statement-breakpoint
CREATE INDEX "session_revocations_revoked_time_index" ON "session_revocations" USING btree ("revoked_time");--> statement-breakpoint
CREATE INDEX "session_tokens_session_id_index" ON "session_tokens" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "sessions_userid_index" ON "sessions" USING btree ("userid");--> statement-breakpoint
CREATE INDEX "sessions_expires_time_index" ON "sessions" USING btree ("expires_time");