CREATE TABLE "messages" (
	"row_key" text PRIMARY KEY NOT NULL,
	"storage_name" text NOT NULL,
	"parent_row_key" text,
	"timestamp" timestamp with time zone NOT NULL,
	"created_time" timestamp with time zone NOT NULL,
	"modified_time" timestamp with time zone,
	"removed_time" timestamp with time zone,
	"sealed" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE INDEX "messages_storage_name_timestamp_index" ON "messages" USING btree ("storage_name","timestamp");--> statement-breakpoint
CREATE INDEX "messages_parent_row_key_index" ON "messages" USING btree ("parent_row_key");